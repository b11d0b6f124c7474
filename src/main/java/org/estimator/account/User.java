package org.estimator.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A person (registered or guest), or the built-in system account that owns anonymous groups. */
@Entity
@Table(name = "app_user")
public class User {

    public enum Kind { USER, GUEST, SYSTEM }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32)
    private String nickname;

    @Column(length = 254)
    private String email;

    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected User() {
    }

    User(String nickname, String email, String passwordHash, Kind kind, long createdAt) {
        this.nickname = nickname;
        this.email = email;
        this.passwordHash = passwordHash;
        this.kind = kind;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String nickname() {
        return nickname;
    }

    public String email() {
        return email;
    }

    String passwordHash() {
        return passwordHash;
    }

    void passwordHash(String hash) {
        this.passwordHash = hash;
    }

    public Kind kind() {
        return kind;
    }
}
