package org.estimator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Pattern;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code Idempotency-Key} on POST requests: a retry with the same key and the same request gets the
 * first answer again (the change is not made twice); the same key with another request gets 422.
 *
 * <p>Keys belong to the caller: the token that authenticates the request (bearer or session
 * cookie), or for a request without one the client's address, a scope that no authenticated caller
 * shares. They are kept for a day, in the database, so a retry may reach any instance. Answers of
 * 401, 403 and 500 and above are not kept: the key is free again. Methods marked
 * {@link SecretAnswer} refuse the header, since their answer holds a secret that must not be stored.
 */
class Idempotency {

    static final String HEADER = "Idempotency-Key";
    private static final String PROPERTY = "estimator.idempotency";
    private static final long KEEP_MS = 24 * 3_600_000L;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Database db;
    private final ObjectMapper json;
    private final Clients clients;
    private final Instance<CallerIdentity> caller;

    Idempotency(Database db, ObjectMapper json, Clients clients, Instance<CallerIdentity> caller) {
        this.db = db;
        this.json = json;
        this.clients = clients;
        this.caller = caller;
    }

    private record Pending(String keyHash) {
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 100)
    Response before(ContainerRequestContext request, HttpServerRequest http, ResourceInfo resource) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null || !request.getMethod().equals("POST")) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiError.invalid(HEADER + " must be 1 to 128 letters, digits or ._:-");
        }
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(SecretAnswer.class)) {
            throw ApiError.invalid(HEADER + " is not accepted here: the answer holds a new secret; retry without it");
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        String scope = caller.get().tokenId().map(id -> "token " + id).orElse("anonymous " + clients.address(http));
        String keyHash = Secrets.hash(scope + "\n" + key);
        String fingerprint = Secrets.hash("POST " + http.path() + "\n" + new String(body, StandardCharsets.UTF_8));
        long now = System.currentTimeMillis();
        if (!claim(keyHash, fingerprint, now)) {
            Response earlier = earlier(keyHash, fingerprint, now);
            if (earlier != null) {
                return earlier;
            }
        }
        request.setProperty(PROPERTY, new Pending(keyHash));
        return null;
    }

    /** Takes the key for this request; false when it was taken before (the unique key decides races). */
    private boolean claim(String keyHash, String fingerprint, long now) {
        try {
            db.writeJdbc(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO idempotency_key (key_hash, fingerprint, created_at) VALUES (?, ?, ?)")) {
                    s.setString(1, keyHash);
                    s.setString(2, fingerprint);
                    s.setLong(3, now);
                    return s.executeUpdate();
                }
            });
            return true;
        } catch (PersistenceException e) {
            if (!Constraints.isViolation(e)) {
                throw e;
            }
            return false;
        }
    }

    /**
     * The key was used before: the same request gets the kept answer, another one 422. A first
     * request that never finished (its process died) leaves its claim; after a minute the claim is
     * taken over and the request runs (null).
     */
    private Response earlier(String keyHash, String fingerprint, long now) {
        Object[] row = db.writeJdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT fingerprint, status, location, body, created_at FROM idempotency_key WHERE key_hash = ?")) {
                s.setString(1, keyHash);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5)} : null;
                }
            }
        });
        if (row == null) {
            throw ApiError.conflict("A request with this " + HEADER + " just finished; retry it");
        }
        if (!row[0].equals(fingerprint)) {
            return Response.status(422).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody(HEADER + " was already used for a different request")).build();
        }
        if (row[1] == null) {
            boolean abandoned = now - (Long) row[4] > 60_000 && db.writeJdbc(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE idempotency_key SET created_at = ? WHERE key_hash = ? AND status IS NULL AND created_at = ?")) {
                    s.setLong(1, now);
                    s.setString(2, keyHash);
                    s.setLong(3, (Long) row[4]);
                    return s.executeUpdate() == 1;
                }
            });
            if (abandoned) {
                return null;
            }
            throw ApiError.conflict("A request with this " + HEADER + " is still running; retry it shortly");
        }
        Response.ResponseBuilder answer = Response.status((Integer) row[1]).header("Idempotent-Replayed", "true");
        if (row[2] != null) {
            answer.header(HttpHeaders.LOCATION, row[2]);
        }
        if (row[3] != null) {
            answer.type(MediaType.APPLICATION_JSON).entity(row[3]);
        }
        return answer.build();
    }

    @ServerResponseFilter
    void after(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(PROPERTY) instanceof Pending pending)) {
            return;
        }
        int status = response.getStatus();
        String body = null;
        MediaType type = response.getMediaType();
        // Every POST of this API answers JSON (the type may not be chosen yet when this runs).
        if (response.hasEntity() && (type == null || type.isCompatible(MediaType.APPLICATION_JSON_TYPE))) {
            try {
                body = json.writeValueAsString(response.getEntity());
            } catch (IOException e) {
                status = 500; // cannot be kept: let the retry run again
            }
        }
        String location = response.getHeaderString(HttpHeaders.LOCATION);
        String kept = body;
        int keptStatus = status;
        db.writeJdbc(c -> {
            // A refusal for want of authentication or permission says nothing about the request: the
            // caller who may make it must still be able to use the key.
            boolean forget = keptStatus >= 500 || keptStatus == 401 || keptStatus == 403;
            try (PreparedStatement s = c.prepareStatement(forget
                    ? "DELETE FROM idempotency_key WHERE key_hash = ?"
                    : "UPDATE idempotency_key SET status = ?, location = ?, body = ? WHERE key_hash = ?")) {
                if (forget) {
                    s.setString(1, pending.keyHash());
                } else {
                    s.setInt(1, keptStatus);
                    s.setString(2, location);
                    s.setString(3, kept);
                    s.setString(4, pending.keyHash());
                }
                return s.executeUpdate();
            }
        });
    }

    /** Keys are kept for a day; every instance may clear old ones (deleting twice is harmless). */
    @Scheduled(every = "10m", delayed = "3m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        try {
            db.writeJdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM idempotency_key WHERE created_at < ?")) {
                    s.setLong(1, System.currentTimeMillis() - KEEP_MS);
                    return s.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // the database is away; the next run clears them
        }
    }
}
