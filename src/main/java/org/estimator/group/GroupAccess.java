package org.estimator.group;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.web.ApiError;

/**
 * The one authorization rule for everything inside a group, applied in this order:
 * 401 without a valid token, 404 for an unknown group, 403 for a caller who is not a member
 * (or a guest token of another group), then the role checks of {@link Access}.
 */
@ApplicationScoped
public class GroupAccess {

    /** A member acting in their group. */
    public record Access(EstimationGroup group, Membership membership, Principal principal) {

        public boolean isOwner() {
            return membership.role() == Membership.Role.OWNER;
        }

        public Access requireOwner() {
            if (!isOwner()) {
                throw ApiError.forbidden("Only the group's owner may do this");
            }
            return this;
        }

        public Access requireVoter() {
            if (!membership.role().votes()) {
                throw ApiError.forbidden("Observers do not estimate");
            }
            return this;
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
        EstimationGroup group = groups.require(groupName);
        return membership(group, principal)
                .map(m -> new Access(group, m, principal))
                .orElseThrow(() -> ApiError.forbidden("You are not a member of this group"));
    }

    /** The caller's membership, if the caller may act in the group at all. */
    Optional<Membership> membership(EstimationGroup group, Principal principal) {
        if (!principal.mayActIn(group.id())) {
            return Optional.empty();
        }
        return groups.membership(group.id(), principal.userId());
    }
}
