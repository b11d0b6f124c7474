package org.estimator.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.common.ApiError;
import org.estimator.common.Texts;
import org.estimator.config.Settings;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.web.RateLimiter;

/** Registration, password checks, signing in and changing the password, for the API and the pages alike. */
@ApplicationScoped
public class Accounts {

    static final int MIN_PASSWORD = 16;
    static final int MAX_PASSWORD = 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private static final long WINDOW = Duration.ofMinutes(15).toMillis();
    /** Failures per account over all clients, against guessing spread over many addresses: this many times the per-client limit. */
    static final int ACCOUNT_WIDE_FACTOR = 10;
    private static final String THROTTLED = "Too many failed sign-ins; try again later";
    private static final String WRONG = "Unknown email or wrong password";

    /** A new sign-in; {@code device} is a new device cookie for the browser, or null. */
    record SignedIn(Tokens.Issued session, Tokens.Issued device) {
    }

    private final Database db;
    private final Users users;
    private final Passwords passwords;
    private final Tokens tokens;
    private final RateLimiter limiter;
    private final int failuresPerAccount;
    private final int failuresPerClient;
    private final int registrationsPerClient;
    /** Set on an SSO-only server: why passwords are refused, naming the way in. */
    private final String passwordsOff;

    Accounts(Database db,
            Users users,
            Passwords passwords,
            Tokens tokens,
            RateLimiter limiter,
            Settings settings) {
        this.db = db;
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.limiter = limiter;
        this.failuresPerAccount = settings.limits().loginFailuresPerAccount();
        this.failuresPerClient = settings.limits().loginFailuresPerClient();
        this.registrationsPerClient = settings.limits().registrationsPerClient();
        this.passwordsOff = settings.oidc().passwordsOff()
                ? "Passwords are switched off on this server: sign in with " + settings.oidc().label()
                : null;
    }

    /** Refuses (403) registering or signing in with a password on a server where single sign-on is the only way in. */
    void requirePasswords() {
        if (passwordsOff != null) {
            throw ApiError.forbidden(passwordsOff);
        }
    }

    /** Registers a user for a client, within the client's hourly registration limit (429). */
    public User register(String nickname, String email, String password, String client) {
        requirePasswords();
        limiter.hit("register:" + client, registrationsPerClient, Duration.ofHours(1).toMillis(),
                "Too many registrations from this address; try again later");
        return register(nickname, email, password);
    }

    /** A new session for the API: 401 when email and password do not match, 429 when throttled. */
    Tokens.Issued signIn(String email, String password, String client) {
        return passwordSignIn(email, password, client, null, false).session();
    }

    /** A sign-in with a password, where passwords are allowed (the API and the sign-in page). */
    SignedIn passwordSignIn(String email, String password, String client, String deviceCookie, boolean browser) {
        requirePasswords();
        return signIn(email, password, client, deviceCookie, browser);
    }

    /**
     * A new sign-in for the account with that email and password; 401 when they do not match, 429
     * when this client (or this browser) has failed too often for the account, or this client too
     * often overall, or the account too often from everywhere.
     *
     * <p>Every attempt is counted before the password is checked, atomically, so parallel guesses
     * cannot all slip through; a success gives its counts back. A browser that signed in to the
     * account before (its device cookie) is judged only by its own failures, so the account's owner
     * is not locked out by someone guessing from elsewhere or from behind the same NAT.
     *
     * @param browser whether to hand out a device cookie with the session
     */
    SignedIn signIn(String email, String password, String client, String deviceCookie, boolean browser) {
        String mail = canonicalEmail(email);
        boolean knownDevice = false;
        List<String> keys = new ArrayList<>();
        Optional<Principal> device = tokens.device(deviceCookie);
        if (device.isPresent()) {
            User owner = get(device.get().userId());
            knownDevice = owner != null && mail.equals(owner.email());
        }
        if (knownDevice) {
            acquire(keys, "login-device:" + device.get().tokenId(), failuresPerAccount);
        } else {
            acquire(keys, "login:" + mail + "\n" + client, failuresPerAccount);
            acquire(keys, "login-client:" + client, failuresPerClient);
            acquire(keys, "login:" + mail, failuresPerAccount * ACCOUNT_WIDE_FACTOR);
        }
        User user = authenticate(mail, password).orElseThrow(() -> ApiError.unauthorized(WRONG));
        keys.forEach(limiter::release);
        Tokens.Issued session = tokens.issue(user.id(), AuthToken.Kind.SESSION, null, null, null);
        return new SignedIn(session, browser && !knownDevice ? tokens.issueDevice(user.id()) : null);
    }

    /** Counts an attempt under {@code key}; when over the limit, gives back the ones already counted and refuses. */
    private void acquire(List<String> counted, String key, int limit) {
        if (limit <= 0) {
            return;
        }
        long wait = limiter.acquire(key, limit, WINDOW);
        if (wait > 0) {
            counted.forEach(limiter::release);
            counted.clear();
            throw ApiError.tooMany(THROTTLED, wait);
        }
        counted.add(key);
    }

    /**
     * Changes the caller's password: the current one must be given (403 when wrong, throttled like
     * signing in); every other sign-in of the account ends, the caller's own stays.
     */
    void changePassword(Principal caller, String current, String next, String client) {
        if (caller.kind() != User.Kind.USER) {
            throw ApiError.forbidden("Guests have no password");
        }
        checkPassword(next);
        UserStore.Credentials account = db.read(q -> UserStore.byId(q, caller.userId()))
                .orElseThrow(() -> ApiError.unauthorized("The account no longer exists"));
        String mail = account.user().email();
        List<String> keys = new ArrayList<>();
        acquire(keys, "login:" + mail + "\n" + client, failuresPerAccount);
        acquire(keys, "login:" + mail, failuresPerAccount * ACCOUNT_WIDE_FACTOR);
        if (account.passwordHash() == null) {
            throw ApiError.forbidden("This account signs in through single sign-on and has no password");
        }
        if (current == null || current.length() > MAX_PASSWORD || !passwords.matches(current, account.passwordHash())) {
            throw ApiError.forbidden("The current password is wrong");
        }
        keys.forEach(limiter::release);
        String hash = passwords.hash(next);
        db.write(tx -> {
            UserStore.passwordHash(tx, caller.userId(), hash);
            return null;
        });
        tokens.endSignIns(caller.userId(), caller.tokenId());
    }

    /** Registers a user; the email is compared case-insensitively and must be unused (409). */
    public User register(String nickname, String email, String password) {
        String nick = Texts.name("nickname", nickname, 32);
        String mail = validEmail(email);
        checkPassword(password);
        String hash = passwords.hash(password);
        try {
            long id = db.write(tx -> UserStore.insert(tx, nick, mail, hash, User.Kind.USER));
            return new User(id, nick, mail, User.Kind.USER);
        } catch (RuntimeException e) {
            if (Constraints.isViolation(e)) {
                throw ApiError.conflict("Email already registered");
            }
            throw e;
        }
    }

    /**
     * The user with that (canonical) email and password, or empty; takes as long for an unknown
     * email. A password too long to be anyone's is refused before the lookup, so that its answer
     * takes the same (short) time whether the email is known or not.
     */
    private Optional<User> authenticate(String mail, String password) {
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        Optional<UserStore.Credentials> account = db.read(q -> UserStore.byEmail(q, mail));
        if (account.isEmpty()) {
            passwords.waste(password);
            return Optional.empty();
        }
        return passwords.matches(password, account.get().passwordHash())
                ? Optional.of(account.get().user())
                : Optional.empty();
    }

    /** The account, or null when it no longer exists. */
    public User get(long id) {
        return users.find(id).orElse(null);
    }

    /** The one form an email is stored and looked up in. */
    static String canonicalEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static String validEmail(String email) {
        if (email == null || email.isBlank()) {
            throw ApiError.invalid("email is required");
        }
        String mail = canonicalEmail(email);
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
