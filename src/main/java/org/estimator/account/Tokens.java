package org.estimator.account;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.db.QueryWarmup;
import org.estimator.web.ApiError;
import org.estimator.web.Secrets;

/** Issuing, resolving and revoking tokens: sessions, API and guest tokens, stream tickets, device cookies. */
@ApplicationScoped
public class Tokens {

    /** A freshly issued token: the only moment its clear text exists on the server. */
    public record Issued(long id, String token, long expiresAt) {
    }

    static final int TICKET_SECONDS = 60;
    static final Duration DEVICE_LIFETIME = Duration.ofDays(180);

    private final Database db;
    private final Duration sessionLifetime;

    Tokens(Database db, @ConfigProperty(name = "estimator.auth.session-lifetime") Duration sessionLifetime) {
        this.db = db;
        this.sessionLifetime = sessionLifetime;
    }

    Issued issue(long userId, AuthToken.Kind kind, String name, Long groupId, Duration lifetime) {
        return db.write(() -> persist(userId, kind, name, groupId, lifetime));
    }

    /** Stores a new token in the current transaction. */
    private Issued persist(long userId, AuthToken.Kind kind, String name, Long groupId, Duration lifetime) {
        String token = Secrets.newToken();
        long now = System.currentTimeMillis();
        long expires = now + (lifetime != null ? lifetime : sessionLifetime).toMillis();
        AuthToken t = new AuthToken(db.session().getReference(User.class, userId), Secrets.hash(token),
                kind, name, groupId, now, expires);
        db.session().persist(t);
        db.session().flush();
        return new Issued(t.id, token, expires);
    }

    /** A guest's token, valid only in that group, stored in the current transaction (the guest's join). */
    public Issued issueGuestInTransaction(long userId, long groupId) {
        return persist(userId, AuthToken.Kind.GUEST, null, groupId, null);
    }

    /**
     * Parses this class's hottest query once at start. Measured: 1,000 event streams opening at once
     * on a cold instance made some 200 worker threads parse the same HQL together, and Hibernate's
     * parser ran out of a 256 MB heap; parsed once, the query plan cache answers them all.
     */
    void warmUp(@Observes StartupEvent start) {
        QueryWarmup.run(() -> db.write(() -> resolve("warm-up")));
    }

    /** The caller behind a bearer token (a session, API or guest token; never a ticket or device cookie). */
    Optional<Principal> resolve(String token) {
        return find(token, "t.kind <> :ticket and t.kind <> :device");
    }

    /** A single-use ticket for the event stream of one group, valid for {@value #TICKET_SECONDS} seconds. */
    public Issued issueTicket(long userId, long groupId) {
        return issue(userId, AuthToken.Kind.TICKET, null, groupId, Duration.ofSeconds(TICKET_SECONDS));
    }

    /**
     * Redeems a stream ticket: the caller it was issued to, limited to its group, or empty when it
     * is unknown, expired or already used. Of two simultaneous redemptions only one gets it.
     */
    public Optional<Principal> redeemTicket(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 128) {
            return Optional.empty();
        }
        return db.write(() -> find(ticket, "t.kind = :ticket").filter(p -> delete(p.tokenId()) == 1));
    }

    /** The account a browser's device cookie belongs to (its token id and user id), if it is valid. */
    Optional<Principal> device(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Optional.empty();
        }
        return find(token, "t.kind = :device");
    }

    Issued issueDevice(long userId) {
        return issue(userId, AuthToken.Kind.DEVICE, null, null, DEVICE_LIFETIME);
    }

    /**
     * The token's caller if it is valid and its kind meets {@code kindCondition} (on {@code :ticket}
     * and {@code :device}). Single-value parameters only: a list parameter would make Hibernate
     * translate the query anew on every call (measured: a tenth of the live benchmark's CPU).
     */
    private Optional<Principal> find(String token, String kindCondition) {
        var query = db.session().createSelectionQuery(
                        "select t.id, t.groupId, u.id, u.nickname, u.kind, t.kind from AuthToken t join t.user u "
                                + "where t.tokenHash = :hash and t.expiresAt > :now and " + kindCondition, Object[].class)
                .setParameter("hash", Secrets.hash(token))
                .setParameter("now", System.currentTimeMillis());
        if (kindCondition.contains(":ticket")) {
            query.setParameter("ticket", AuthToken.Kind.TICKET);
        }
        if (kindCondition.contains(":device")) {
            query.setParameter("device", AuthToken.Kind.DEVICE);
        }
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        AuthToken.Kind kind = (AuthToken.Kind) r[5];
        return Optional.of(new Principal((Long) r[2], (String) r[3], (User.Kind) r[4], (Long) r[0], (Long) r[1],
                kind == AuthToken.Kind.SESSION || kind == AuthToken.Kind.GUEST));
    }

    void revoke(long tokenId) {
        db.write(() -> delete(tokenId));
    }

    /** Ends a sign-in that a new one replaces (signing in again, joining as a guest); API tokens stay. */
    public void replaced(Principal previous) {
        if (previous.signIn()) {
            revoke(previous.tokenId());
        }
    }

    private int delete(long tokenId) {
        return db.session().createMutationQuery("delete from AuthToken where id = :id")
                .setParameter("id", tokenId).executeUpdate();
    }

    /**
     * Ends the user's sign-ins (sessions and guest tokens), except the one given ({@code null}: all of
     * them). API tokens stay: they are listed on the account page and revoked there one by one.
     */
    int endSignIns(long userId, Long except) {
        return db.write(() -> db.session().createMutationQuery(
                        "delete from AuthToken where user.id = :user and (kind = :session or kind = :guest) and id <> :except")
                .setParameter("user", userId)
                .setParameter("session", AuthToken.Kind.SESSION)
                .setParameter("guest", AuthToken.Kind.GUEST)
                .setParameter("except", except == null ? -1L : except)
                .executeUpdate());
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
