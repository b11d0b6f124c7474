package org.estimator.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An invitation link's code (only its hash is stored), revocable and optionally expiring. */
@Entity
@Table(name = "invitation")
class Invitation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "group_id", nullable = false)
    EstimationGroup group;

    @Column(name = "code_hash", nullable = false, length = 64)
    String codeHash;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "expires_at")
    Long expiresAt;

    @Column(name = "revoked_at")
    Long revokedAt;

    protected Invitation() {
    }

    Invitation(EstimationGroup group, String codeHash, long createdAt, Long expiresAt) {
        this.group = group;
        this.codeHash = codeHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    boolean usable(long now) {
        return revokedAt == null && (expiresAt == null || expiresAt > now);
    }
}
