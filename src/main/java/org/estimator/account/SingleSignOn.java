package org.estimator.account;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.common.ApiError;
import org.estimator.common.Secrets;
import org.estimator.common.Texts;
import org.estimator.config.Settings;
import org.estimator.db.Constraints;
import org.estimator.db.Database;

/**
 * Sign-in through the company's OpenID Connect provider, after Quarkus OIDC checked its answer
 * (state, nonce, PKCE, the ID token's signature and issuer): the operator's policy (a verified email,
 * an allowed domain, a required group), then the account: found by the provider's subject, or made
 * from the verified email on the first sign-in, or — when that email belongs to an account with a
 * password — linked only once its password is given (never taken over silently). The person then has
 * the same Estimator session as after a password sign-in.
 */
@ApplicationScoped
public class SingleSignOn {

    /** What the provider says about the person (from its ID token). */
    public record Claims(String issuer, String subject, String email, Boolean emailVerified, String name,
            String preferredUsername, List<String> groups) {
    }

    /** How a sign-in through the provider ended. */
    public sealed interface Outcome {
    }

    /** Signed in: the session (and, for a browser, a device cookie). */
    public record SignedIn(Accounts.SignedIn session) implements Outcome {
    }

    /** The email belongs to an account with a password: it is asked for once, with this token. */
    public record LinkNeeded(String token, String email) implements Outcome {
    }

    /** Not let in, and why (shown on the sign-in page). */
    public record Refused(String message) implements Outcome {
    }

    /**
     * What a sign-in page says about single sign-on: whether it is set up, whether the provider answers
     * now, whether it is the only way in, and the provider's name.
     */
    public record View(boolean enabled, boolean available, boolean only, String label) {
    }

    static final Duration LINK_WINDOW = Duration.ofMinutes(10);

    private final Database db;
    private final Tokens tokens;
    private final Accounts accounts;
    private final Settings.Oidc settings;
    private final Set<String> domains;

    private final SsoStatus status;

    SingleSignOn(Database db, Tokens tokens, Accounts accounts, Settings settings, SsoStatus status) {
        this.status = status;
        this.db = db;
        this.tokens = tokens;
        this.accounts = accounts;
        this.settings = settings.oidc();
        this.domains = this.settings.allowedDomains().map(d -> Arrays.stream(d.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    /** For a page that offers signing in. */
    public View view() {
        return new View(enabled(), enabled() && status.available(), ssoOnly(), label());
    }

    /**
     * Where the provider ends its own session and sends the person back to {@code back}: for an account
     * linked to the provider, when the provider has such an address.
     */
    Optional<String> providerLogout(long userId, String back) {
        return linked(userId) ? status.logout(back) : Optional.empty();
    }

    /** Whether the account signs in through the provider. */
    boolean linked(long userId) {
        String issuer = settings.issuer().map(SingleSignOn::normal).orElse(null);
        return issuer != null && db.read(q -> SsoStore.linked(q, userId, issuer));
    }

    public boolean enabled() {
        return settings.issuer().isPresent();
    }

    public String label() {
        return settings.label();
    }

    /** Password registration and sign-in are off: people sign in through the provider. */
    public boolean ssoOnly() {
        return settings.passwordsOff();
    }

    /** The person the provider vouched for, signed in (or to be linked, or refused). */
    Outcome complete(Claims c) {
        String issuer = settings.issuer().map(SingleSignOn::normal).orElse("");
        if (!issuer.equals(normal(c.issuer())) || c.subject() == null || c.subject().isBlank()) {
            return new Refused("The sign-in did not come from " + label());
        }
        String refused = policy(c);
        if (refused != null) {
            return new Refused(refused);
        }
        Optional<Long> linked = db.read(q -> SsoStore.userOf(q, issuer, c.subject()));
        if (linked.isPresent()) {
            return signIn(linked.get());
        }
        String email = Accounts.canonicalEmail(c.email());
        Optional<UserStore.Credentials> existing = db.read(q -> UserStore.byEmail(q, email));
        if (existing.isPresent()) {
            if (existing.get().passwordHash() == null) {
                return new Refused("An account with " + email + " exists but signs in otherwise; ask your "
                        + "administrator");
            }
            String token = Secrets.newToken();
            db.write(tx -> {
                SsoStore.pending(tx, Secrets.hash(token),
                        new SsoStore.Pending(existing.get().user().id(), issuer, c.subject()),
                        System.currentTimeMillis() + LINK_WINDOW.toMillis());
                return null;
            });
            return new LinkNeeded(token, email);
        }
        try {
            long id = db.write(tx -> {
                long user = UserStore.insert(tx, nickname(c), email, null, User.Kind.USER);
                SsoStore.link(tx, user, issuer, c.subject());
                return user;
            });
            return signIn(id);
        } catch (RuntimeException e) {
            if (!Constraints.isViolation(e)) {
                throw e;
            }
            // The same person's first sign-in twice at once (or the email registered meanwhile): once more.
            return complete(c);
        }
    }

    /**
     * Links the pending sign-in to its account once the account's password is given (throttled like a
     * password sign-in), and signs in. The pending token is spent either way only on success.
     */
    Outcome link(String token, String password, String client, String deviceCookie) {
        if (token == null || token.length() > 128) {
            return new Refused("The link expired: sign in with " + label() + " again");
        }
        String hash = Secrets.hash(token);
        SsoStore.Pending p = db.read(q -> SsoStore.pending(q, hash, System.currentTimeMillis())).orElse(null);
        if (p == null) {
            return new Refused("The link expired: sign in with " + label() + " again");
        }
        User user = accounts.get(p.userId());
        if (user == null) {
            return new Refused("The account no longer exists");
        }
        Accounts.SignedIn session = accounts.signIn(user.email(), password, client, deviceCookie, true);
        db.write(tx -> {
            if (db.read(q -> SsoStore.userOf(q, p.issuer(), p.subject())).isEmpty()) {
                SsoStore.link(tx, p.userId(), p.issuer(), p.subject());
            }
            SsoStore.dropPending(tx, hash);
            return null;
        });
        return new SignedIn(session);
    }

    /** The email a pending link is for, to remind the person which account's password is asked. */
    Optional<String> pendingEmail(String token) {
        if (token == null || token.length() > 128) {
            return Optional.empty();
        }
        return db.read(q -> SsoStore.pending(q, Secrets.hash(token), System.currentTimeMillis()))
                .map(p -> accounts.get(p.userId())).map(User::email);
    }

    /** Why the operator's policy keeps the person out, or null. */
    private String policy(Claims c) {
        if (c.email() == null || c.email().isBlank() || !Boolean.TRUE.equals(c.emailVerified())) {
            return "Your account at " + label() + " has no verified email address; Estimator needs one";
        }
        String email = Accounts.canonicalEmail(c.email());
        String domain = email.substring(email.lastIndexOf('@') + 1);
        if (!domains.isEmpty() && !domains.contains(domain)) {
            return "People of " + domain + " cannot sign in here";
        }
        if (settings.requiredGroup().isPresent()
                && (c.groups() == null || !c.groups().contains(settings.requiredGroup().get()))) {
            return "Your account at " + label() + " is not in the group that may use Estimator";
        }
        return null;
    }

    private Outcome signIn(long userId) {
        Tokens.Issued session = tokens.issue(userId, AuthToken.Kind.SESSION, null, null, null);
        return new SignedIn(new Accounts.SignedIn(session, null));
    }

    /** A nickname from the person's name, else their username, else their email's local part. */
    static String nickname(Claims c) {
        String local = c.email() == null ? null : c.email().substring(0, Math.max(0, c.email().indexOf('@')));
        for (String candidate : new String[]{c.name(), c.preferredUsername(), local}) {
            if (candidate == null) {
                continue;
            }
            try {
                return Texts.name("nickname", Texts.fitted(candidate.replaceAll("\\p{C}", ""), 32), 32);
            } catch (ApiError e) {
                // not a usable name: the next candidate
            }
        }
        return "Member";
    }

    private static String normal(String issuer) {
        return issuer == null ? "" : issuer.strip().replaceAll("/+$", "");
    }
}
