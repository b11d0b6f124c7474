package org.estimator.account;

/**
 * Who is calling: the user behind a valid token.
 *
 * @param guestGroupId for a guest token, the one group it may be used for; null otherwise
 * @param signIn whether the token is a sign-in (a session or a guest's), not a personal API token
 */
public record Principal(long userId, String nickname, User.Kind kind, long tokenId, Long guestGroupId, boolean signIn) {

    public boolean isGuest() {
        return guestGroupId != null;
    }

    /** Whether this token may act in the group: guest tokens only in their own group. */
    public boolean mayActIn(long groupId) {
        return guestGroupId == null || guestGroupId == groupId;
    }
}
