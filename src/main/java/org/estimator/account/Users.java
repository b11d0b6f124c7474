package org.estimator.account;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.common.Texts;
import org.estimator.db.Database;
import org.estimator.db.Tx;

/** Looks up accounts, and creates guests for the groups they join. */
@ApplicationScoped
public class Users {

    private final Database db;
    private volatile Long systemId;

    Users(Database db) {
        this.db = db;
    }

    /** The id of the built-in owner of groups created without an account (inserted by the first migration). */
    public long systemId() {
        Long id = systemId;
        if (id == null) {
            id = db.read(UserStore::systemId);
            systemId = id;
        }
        return id;
    }

    public Optional<User> find(long id) {
        return db.read(q -> UserStore.find(q, id));
    }

    /** A guest's nickname as it will be stored (400 when it is not a valid name). */
    public static String guestNickname(String nickname) {
        return Texts.name("nickname", nickname, 32);
    }

    /**
     * Stores a guest in the transaction of its join: a nickname checked by {@link #guestNickname},
     * no email and no password, so nobody can sign in as it.
     */
    public User addGuest(Tx tx, String nickname) {
        long id = UserStore.insert(tx, nickname, null, null, User.Kind.GUEST);
        return new User(id, nickname, null, User.Kind.GUEST);
    }
}
