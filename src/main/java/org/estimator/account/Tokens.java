package org.estimator.account;

import org.estimator.db.QueryWarmup;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.web.ApiError;
import org.estimator.web.Secrets;

/** Issuing, resolving and revoking bearer tokens. */
@ApplicationScoped
public class Tokens {

    /** A freshly issued token: the only moment its clear text exists on the server. */
    public record Issued(long id, String token, long expiresAt) {
    }

    private final Database db;
    private final Duration sessionLifetime;

    Tokens(Database db, @ConfigProperty(name = "estimator.auth.session-lifetime") Duration sessionLifetime) {
        this.db = db;
        this.sessionLifetime = sessionLifetime;
    }

    Issued issue(long userId, AuthToken.Kind kind, String name, Long groupId, Duration lifetime) {
        String token = Secrets.newToken();
        long now = System.currentTimeMillis();
        long expires = now + (lifetime != null ? lifetime : sessionLifetime).toMillis();
        AuthToken saved = db.write(() -> {
            AuthToken t = new AuthToken(db.session().getReference(User.class, userId), Secrets.hash(token),
                    kind, name, groupId, now, expires);
            db.session().persist(t);
            return t;
        });
        return new Issued(saved.id, token, expires);
    }

    /** A guest's token, valid only in that group. */
    public Issued issueGuest(long userId, long groupId) {
        return issue(userId, AuthToken.Kind.GUEST, null, groupId, null);
    }

    /**
     * Parses this class's hottest query once at start. Measured: 1,000 event streams opening at once
     * on a cold instance made some 200 worker threads parse the same HQL together, and Hibernate's
     * parser ran out of a 256 MB heap; parsed once, the query plan cache answers them all.
     */
    void warmUp(@Observes StartupEvent start) {
        QueryWarmup.run(() -> db.write(() -> resolve("warm-up")));
    }

    /** The caller behind a bearer token (never a stream ticket). */
    Optional<Principal> resolve(String token) {
        return find(token, "t.kind <> :ticket");
    }

    /** A single-use ticket for the event stream of one group, valid for {@value #TICKET_SECONDS} seconds. */
    public Issued issueTicket(long userId, long groupId) {
        return issue(userId, AuthToken.Kind.TICKET, null, groupId, Duration.ofSeconds(TICKET_SECONDS));
    }

    static final int TICKET_SECONDS = 60;

    /**
     * Redeems a stream ticket: the caller it was issued to, limited to its group, or empty when it
     * is unknown, expired or already used. Of two simultaneous redemptions only one gets it.
     */
    public Optional<Principal> redeemTicket(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 128) {
            return Optional.empty();
        }
        return db.write(() -> find(ticket, "t.kind = :ticket").filter(p -> db.session()
                .createMutationQuery("delete from AuthToken where id = :id")
                .setParameter("id", p.tokenId()).executeUpdate() == 1));
    }

    private Optional<Principal> find(String token, String kindCondition) {
        List<Object[]> rows = db.session().createSelectionQuery(
                        "select t.id, t.groupId, u.id, u.nickname, u.kind from AuthToken t join t.user u "
                                + "where t.tokenHash = :hash and t.expiresAt > :now and " + kindCondition, Object[].class)
                .setParameter("hash", Secrets.hash(token))
                .setParameter("now", System.currentTimeMillis())
                .setParameter("ticket", AuthToken.Kind.TICKET)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Principal((Long) r[2], (String) r[3], (User.Kind) r[4], (Long) r[0], (Long) r[1]));
    }

    void revoke(long tokenId) {
        db.write(() -> db.session().createMutationQuery("delete from AuthToken where id = :id")
                .setParameter("id", tokenId).executeUpdate());
    }

    List<AuthToken> apiTokens(long userId) {
        return db.session().createSelectionQuery(
                        "from AuthToken where user.id = :user and kind = :kind order by id", AuthToken.class)
                .setParameter("user", userId)
                .setParameter("kind", AuthToken.Kind.API)
                .getResultList();
    }

    void revokeApiToken(long userId, long tokenId) {
        int deleted = db.write(() -> db.session().createMutationQuery(
                        "delete from AuthToken where id = :id and user.id = :user and kind = :kind")
                .setParameter("id", tokenId)
                .setParameter("user", userId)
                .setParameter("kind", AuthToken.Kind.API)
                .executeUpdate());
        if (deleted == 0) {
            throw ApiError.notFound("Token not found");
        }
    }

    /** Revokes a user's guest tokens for one group (on leaving or removal). */
    public void revokeGuestTokens(long userId, long groupId) {
        db.session().createMutationQuery("delete from AuthToken where user.id = :user and groupId = :group")
                .setParameter("user", userId)
                .setParameter("group", groupId)
                .executeUpdate();
    }
}
