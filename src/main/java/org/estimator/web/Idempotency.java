package org.estimator.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import org.estimator.common.ApiError;
import org.estimator.common.ErrorBody;
import org.estimator.common.Secrets;
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

    private final IdempotencyStore store;
    private final ObjectMapper json;
    private final Clients clients;
    private final Instance<CallerIdentity> caller;

    Idempotency(IdempotencyStore store, ObjectMapper json, Clients clients, Instance<CallerIdentity> caller) {
        this.store = store;
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
        if (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(SecretAnswer.class)) {
            throw ApiError.invalid(HEADER + " is not accepted here: the answer holds a new secret; retry without it");
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        String scope = caller.get().tokenId().map(id -> "token " + id).orElse("anonymous " + clients.address(http));
        String keyHash = Secrets.hash(scope + "\n" + key);
        String fingerprint = Secrets.hash("POST " + http.path() + "\n" + new String(body, StandardCharsets.UTF_8));
        long now = System.currentTimeMillis();
        if (!store.claim(keyHash, fingerprint, now)) {
            Response earlier = earlier(keyHash, fingerprint, now);
            if (earlier != null) {
                return earlier;
            }
        }
        request.setProperty(PROPERTY, new Pending(keyHash));
        return null;
    }

    /**
     * The key was used before: the same request gets the kept answer, another one 422. A first
     * request that never finished (its process died) leaves its claim; after a minute the claim is
     * taken over and the request runs (null).
     */
    private Response earlier(String keyHash, String fingerprint, long now) {
        IdempotencyStore.Kept row = store.find(keyHash);
        if (row == null) {
            throw ApiError.conflict("A request with this " + HEADER + " just finished; retry it");
        }
        if (!row.fingerprint().equals(fingerprint)) {
            return Response.status(422).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody(HEADER + " was already used for a different request")).build();
        }
        if (row.status() == null) {
            if (now - row.createdAt() > 60_000 && store.takeOver(keyHash, row.createdAt(), now)) {
                return null;
            }
            throw ApiError.conflict("A request with this " + HEADER + " is still running; retry it shortly");
        }
        Response.ResponseBuilder answer = Response.status(row.status()).header("Idempotent-Replayed", "true");
        if (row.location() != null) {
            answer.header(HttpHeaders.LOCATION, row.location());
        }
        if (row.body() != null) {
            answer.type(MediaType.APPLICATION_JSON).entity(row.body());
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
        // A refusal for want of authentication or permission says nothing about the request: the
        // caller who may make it must still be able to use the key.
        if (status >= 500 || status == 401 || status == 403) {
            store.forget(pending.keyHash());
        } else {
            store.keep(pending.keyHash(), status, response.getHeaderString(HttpHeaders.LOCATION), body);
        }
    }

    /** Keys are kept for a day; every instance may clear old ones (deleting twice is harmless). */
    @Scheduled(every = "10m", delayed = "3m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        try {
            store.expire(System.currentTimeMillis() - KEEP_MS);
        } catch (RuntimeException e) {
            // the database is away; the next run clears them
        }
    }
}
