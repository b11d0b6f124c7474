package org.estimator.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.web.ApiError;
import org.estimator.web.Texts;

/** Registration and password checks. */
@ApplicationScoped
public class Accounts {

    static final int MIN_PASSWORD = 16;
    static final int MAX_PASSWORD = 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private final Database db;
    private final Passwords passwords;

    Accounts(Database db, Passwords passwords) {
        this.db = db;
        this.passwords = passwords;
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
