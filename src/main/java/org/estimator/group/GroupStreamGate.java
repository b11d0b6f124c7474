package org.estimator.group;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.account.Principal;
import org.estimator.live.StreamGate;

/** Streams follow {@link GroupAccess}: a member of the group, nobody else. */
@ApplicationScoped
class GroupStreamGate implements StreamGate {

    private final GroupAccess access;

    GroupStreamGate(GroupAccess access) {
        this.access = access;
    }

    @Override
    public Admission admit(String groupName, Principal principal) {
        GroupAccess.Access a = access.member(groupName, principal);
        return new Admission(a.groupId(), a.userId(), a.membership().joinedSeq());
    }
}
