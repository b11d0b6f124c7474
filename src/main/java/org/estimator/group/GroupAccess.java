package org.estimator.group;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.common.ApiError;
import org.estimator.db.Tx;

/**
 * The one authorization rule for everything inside a group, applied in this order:
 * 401 without a valid token, 404 for an unknown group, 403 for a caller who is not a member
 * (or a guest token of another group), then the role checks of {@link Access}.
 *
 * <p>These checks answer a request early. The write that acts on them checks again with
 * {@link #confirm}, inside its transaction and after the group's lock: a leave, removal, role change
 * or hand-over that committed in between wins, and the request gets the 403 it would get now.
 */
@ApplicationScoped
public class GroupAccess {

    /** What a request needs the caller to be. */
    public enum Need {
        MEMBER, VOTER, OWNER
    }

    private static final String NOT_MEMBER = "You are not a member of this group";
    private static final String NOT_OWNER = "Only the group's owner may do this";
    private static final String NOT_VOTER = "Observers do not estimate";

    /** A member acting in their group. */
    public record Access(EstimationGroup group, Membership membership, Principal principal, Need need) {

        public boolean isOwner() {
            return membership.role() == Membership.Role.OWNER;
        }

        public Access requireOwner() {
            if (!isOwner()) {
                throw ApiError.forbidden(NOT_OWNER);
            }
            return new Access(group, membership, principal, Need.OWNER);
        }

        public Access requireVoter() {
            if (!membership.role().votes()) {
                throw ApiError.forbidden(NOT_VOTER);
            }
            return new Access(group, membership, principal, Need.VOTER);
        }

        public long groupId() {
            return group.id();
        }

        public long userId() {
            return principal.userId();
        }
    }

    private final CurrentUser caller;
    private final GroupService groups;

    GroupAccess(CurrentUser caller, GroupService groups) {
        this.caller = caller;
        this.groups = groups;
    }

    public Access member(String groupName) {
        return member(groupName, caller.require());
    }

    /** The same rule for a caller identified otherwise (an event stream's ticket). */
    public Access member(String groupName, Principal principal) {
        GroupService.Entry entry = groups.requireWithMember(groupName, principal.userId());
        EstimationGroup group = entry.group();
        return entry.membership().filter(m -> principal.mayActIn(group.id()))
                .map(m -> new Access(group, m, principal, Need.MEMBER))
                .orElseThrow(() -> ApiError.forbidden(NOT_MEMBER));
    }

    /** The caller's membership, if the caller may act in the group at all. */
    Optional<Membership> membership(EstimationGroup group, Principal principal) {
        if (!principal.mayActIn(group.id())) {
            return Optional.empty();
        }
        return groups.membership(group.id(), principal.userId());
    }

    /**
     * Checks on the write transaction's connection that the caller still is what {@code a} was
     * granted for (403 otherwise), and returns the caller's role now. Call it after taking the group's lock.
     */
    public static Membership.Role confirm(Tx tx, Access a) {
        Membership.Role role = MemberStore.role(tx.dsl(), a.groupId(), a.userId());
        if (role == null) {
            throw ApiError.forbidden(NOT_MEMBER);
        }
        if (a.need() == Need.OWNER && role != Membership.Role.OWNER) {
            throw ApiError.forbidden(NOT_OWNER);
        }
        if (a.need() == Need.VOTER && !role.votes()) {
            throw ApiError.forbidden(NOT_VOTER);
        }
        return role;
    }
}
