package org.estimator.account;

/** A person (registered or guest), or the built-in system account that owns anonymous groups. */
public record User(long id, String nickname, String email, Kind kind) {

    public enum Kind {
        USER, GUEST, SYSTEM
    }
}
