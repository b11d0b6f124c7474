package org.estimator.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A bearer token; only the SHA-256 of the token is stored. */
@Entity
@Table(name = "auth_token")
class AuthToken {

    /**
     * SESSION: from signing in; API: a named personal token for scripts; GUEST: limited to one group;
     * TICKET: opens one event stream of one group, once, within a minute (for EventSource, which
     * cannot send headers: a long-lived token never goes into a URL); DEVICE: a browser's proof that
     * it signed in to the account before, which spares it the sign-in limits that stop guessers
     * (it authenticates nothing).
     */
    enum Kind { SESSION, API, GUEST, TICKET, DEVICE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    User user;

    @Column(name = "token_hash", nullable = false, length = 64)
    String tokenHash;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    Kind kind;

    @Column(length = 64)
    String name;

    @Column(name = "group_id")
    Long groupId;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "expires_at", nullable = false)
    long expiresAt;

    protected AuthToken() {
    }

    AuthToken(User user, String tokenHash, Kind kind, String name, Long groupId, long createdAt, long expiresAt) {
        this.user = user;
        this.tokenHash = tokenHash;
        this.kind = kind;
        this.name = name;
        this.groupId = groupId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }
}
