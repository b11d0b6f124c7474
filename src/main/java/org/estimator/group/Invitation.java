package org.estimator.group;

/** An invitation link's code (only its hash is stored), revocable and optionally expiring. */
public record Invitation(long id, long groupId, long createdAt, Long expiresAt, Long revokedAt) {

    public boolean usable(long now) {
        return revokedAt == null && (expiresAt == null || expiresAt > now);
    }
}
