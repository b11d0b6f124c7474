package org.estimator.group;

/** A group a user belongs to, and their role there. */
public record GroupRole(long groupId, String groupName, Membership.Role role) {
}
