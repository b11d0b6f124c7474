package org.estimator.group;

import org.estimator.account.User;

/** A member as every member sees them: the REST answer and the member events (never an email). */
public record MemberView(long userId, String nickname, String role, boolean guest) {

    public static MemberView of(Membership m) {
        return new MemberView(m.user().id(), m.user().nickname(), m.role().name(), m.user().kind() == User.Kind.GUEST);
    }
}
