package org.estimator.account;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.common.ApiError;
import org.estimator.common.Secrets;
import org.estimator.config.Settings;
import org.estimator.db.Database;
import org.estimator.db.Tx;

/** Issuing, resolving and revoking tokens: sessions, API and guest tokens, stream tickets, device cookies. */
@ApplicationScoped
public class Tokens {

    /** A freshly issued token: the only moment its clear text exists on the server. */
    public record Issued(long id, String token, long expiresAt) {
    }

    static final int TICKET_SECONDS = 60;
    /** What a bearer token may be: never a ticket or a device cookie. */
    private static final List<AuthToken.Kind> BEARER = List.of(AuthToken.Kind.SESSION, AuthToken.Kind.API,
            AuthToken.Kind.GUEST);
    static final Duration DEVICE_LIFETIME = Duration.ofDays(180);

    private final Database db;
    private final Duration sessionLifetime;

    Tokens(Database db,
            Settings settings) {
        this.db = db;
        this.sessionLifetime = settings.auth().sessionLifetime();
    }

    Issued issue(long userId, AuthToken.Kind kind, String name, Long groupId, Duration lifetime) {
        return db.write(tx -> issue(tx, userId, kind, name, groupId, lifetime));
    }

    private Issued issue(Tx tx, long userId, AuthToken.Kind kind, String name, Long groupId, Duration lifetime) {
        String token = Secrets.newToken();
        long now = System.currentTimeMillis();
        long expires = now + (lifetime != null ? lifetime : sessionLifetime).toMillis();
        long id = TokenStore.insert(tx, userId, Secrets.hash(token), kind, name, groupId, now, expires);
        return new Issued(id, token, expires);
    }

    /** A guest's token, valid only in that group, stored in the transaction of the guest's join. */
    public Issued issueGuest(Tx tx, long userId, long groupId) {
        return issue(tx, userId, AuthToken.Kind.GUEST, null, groupId, null);
    }

    /** The caller behind a bearer token (a session, API or guest token; never a ticket or device cookie). */
    Optional<Principal> resolve(String token) {
        return find(token, BEARER);
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
        // Read and deleted in one write: of two redemptions at once, only one deletes the row.
        return db.write(tx -> find(ticket, List.of(AuthToken.Kind.TICKET))
                .filter(p -> TokenStore.delete(tx, p.tokenId()) == 1));
    }

    /** The account a browser's device cookie belongs to (its token id and user id), if it is valid. */
    Optional<Principal> device(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Optional.empty();
        }
        return find(token, List.of(AuthToken.Kind.DEVICE));
    }

    Issued issueDevice(long userId) {
        return issue(userId, AuthToken.Kind.DEVICE, null, null, DEVICE_LIFETIME);
    }

    /** The token's caller if it is valid and of one of {@code kinds}. */
    private Optional<Principal> find(String token, List<AuthToken.Kind> kinds) {
        String hash = Secrets.hash(token);
        long now = System.currentTimeMillis();
        return db.read(q -> TokenStore.find(q, hash, now, kinds));
    }

    void revoke(long tokenId) {
        db.write(tx -> TokenStore.delete(tx, tokenId));
    }

    /** Ends a sign-in that a new one replaces (signing in again, joining as a guest); API tokens stay. */
    public void replaced(Principal previous) {
        if (previous.signIn()) {
            revoke(previous.tokenId());
        }
    }

    /**
     * Ends the user's sign-ins (sessions and guest tokens), except the one given ({@code null}: all of
     * them). API tokens stay: they are listed on the account page and revoked there one by one.
     */
    int endSignIns(long userId, Long except) {
        return db.write(tx -> TokenStore.deleteSignIns(tx, userId, except == null ? -1L : except));
    }

    List<AuthToken> apiTokens(long userId) {
        return db.read(q -> TokenStore.apiTokens(q, userId));
    }

    void revokeApiToken(long userId, long tokenId) {
        if (db.write(tx -> TokenStore.deleteApiToken(tx, userId, tokenId)) == 0) {
            throw ApiError.notFound("Token not found");
        }
    }

    /** Revokes a user's guest tokens for one group, in the transaction of their leaving or removal. */
    public void revokeGuestTokens(Tx tx, long userId, long groupId) {
        TokenStore.deleteGroupTokens(tx, userId, groupId);
    }
}
