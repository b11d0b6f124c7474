package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.web.ApiError;
import org.estimator.web.RateLimiter;
import org.estimator.web.Texts;

/** Registration, password checks and signing in, for the API and the pages alike. */
@ApplicationScoped
public class Accounts {

    static final int MIN_PASSWORD = 16;
    static final int MAX_PASSWORD = 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private static final long WINDOW = Duration.ofMinutes(15).toMillis();
    private static final String THROTTLED = "Too many failed sign-ins; try again later";

    private final Database db;
    private final Passwords passwords;
    private final Tokens tokens;
    private final RateLimiter limiter;
    private final int failuresPerAccount;
    private final int failuresPerClient;
    private final int registrationsPerClient;

    Accounts(Database db, Passwords passwords, Tokens tokens, RateLimiter limiter,
             @ConfigProperty(name = "estimator.limits.login-failures-per-account") int failuresPerAccount,
             @ConfigProperty(name = "estimator.limits.login-failures-per-client") int failuresPerClient,
             @ConfigProperty(name = "estimator.limits.registrations-per-client") int registrationsPerClient) {
        this.db = db;
        this.passwords = passwords;
        this.tokens = tokens;
        this.limiter = limiter;
        this.failuresPerAccount = failuresPerAccount;
        this.failuresPerClient = failuresPerClient;
        this.registrationsPerClient = registrationsPerClient;
    }

    /** Registers a user for a client, within the client's hourly registration limit (429). */
    public User register(String nickname, String email, String password, String client) {
        limiter.hit("register:" + client, registrationsPerClient, Duration.ofHours(1).toMillis(),
                "Too many registrations from this address; try again later");
        return register(nickname, email, password);
    }

    /**
     * A new session for the account with that email and password; 401 when they do not match, 429
     * after too many failures for the account or from the client.
     */
    public Tokens.Issued signIn(String email, String password, String client) {
        String accountKey = "login:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        String clientKey = "login-client:" + client;
        limiter.check(accountKey, failuresPerAccount, WINDOW, THROTTLED);
        limiter.check(clientKey, failuresPerClient, WINDOW, THROTTLED);
        User user = authenticate(email, password).orElse(null);
        if (user == null) {
            limiter.record(accountKey, WINDOW);
            limiter.record(clientKey, WINDOW);
            throw ApiError.unauthorized("Unknown email or wrong password");
        }
        limiter.reset(accountKey);
        return tokens.issue(user.id(), AuthToken.Kind.SESSION, null, null, null);
    }

    /** Registers a user; the email is compared case-insensitively and must be unused (409). */
    public User register(String nickname, String email, String password) {
        String nick = Texts.check("nickname", nickname, 1, 32, false);
        String mail = normalEmail(email);
        checkPassword(password);
        String hash = passwords.hash(password);
        try {
            return db.write(() -> {
                User user = new User(nick, mail, hash, User.Kind.USER, System.currentTimeMillis());
                db.session().persist(user);
                db.session().flush();
                return user;
            });
        } catch (PersistenceException e) {
            if (Constraints.isViolation(e)) {
                throw ApiError.conflict("Email already registered");
            }
            throw e;
        }
    }

    /** A guest: a nickname, no email and no password, so nobody can sign in as it. */
    public User createGuest(String nickname) {
        String nick = Texts.check("nickname", nickname, 1, 32, false);
        return db.write(() -> {
            User user = new User(nick, null, null, User.Kind.GUEST, System.currentTimeMillis());
            db.session().persist(user);
            return user;
        });
    }

    /** The user with that email and password, or empty; takes as long for an unknown email. */
    Optional<User> authenticate(String email, String password) {
        String mail = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        Optional<User> user = db.session().createSelectionQuery("from User where email = :email", User.class)
                .setParameter("email", mail)
                .uniqueResultOptional();
        if (user.isEmpty()) {
            passwords.waste(password == null ? "" : password);
            return Optional.empty();
        }
        boolean ok = password != null && password.length() <= MAX_PASSWORD
                && passwords.matches(password, user.get().passwordHash());
        return ok ? user : Optional.empty();
    }

    public User get(long id) {
        return db.session().find(User.class, id);
    }

    static String normalEmail(String email) {
        if (email == null || email.isBlank()) {
            throw ApiError.invalid("email is required");
        }
        String mail = email.strip().toLowerCase(Locale.ROOT);
        if (mail.length() > 254 || !EMAIL.matcher(mail).matches()) {
            throw ApiError.invalid("email is not a valid email address");
        }
        return mail;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ApiError.invalid("password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw ApiError.invalid("password must be at most " + MAX_PASSWORD + " characters");
        }
    }
}
