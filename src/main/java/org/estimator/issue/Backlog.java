package org.estimator.issue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupService;
import org.estimator.group.GroupSettings;
import org.estimator.group.MemberView;
import org.estimator.group.Membership;
import org.estimator.live.GroupState;

/** A group's backlog as members see it (counts, never values), for the API and for live snapshots. */
@ApplicationScoped
public class Backlog implements GroupState {

    /** The group's settings in a snapshot. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupInfo(String groupname, String owner, @JsonUnwrapped GroupSettings settings) {
    }

    private final GroupService groups;
    private final IssueService issues;
    private final EstimateCounts counts;

    Backlog(GroupService groups, IssueService issues, EstimateCounts counts) {
        this.groups = groups;
        this.issues = issues;
        this.counts = counts;
    }

    /** The group's issues in backlog order, as members see them, for a caller that has the members already. */
    public List<IssueView> viewsFor(EstimationGroup group, List<Membership> members) {
        return views(group, issues.list(group.id()), members);
    }

    /** One issue of the group as members see it; 404 for an issue of another group. */
    public IssueView view(EstimationGroup group, long issueId) {
        return views(group, List.of(issues.require(group.id(), issueId))).get(0);
    }

    List<IssueView> views(EstimationGroup group, List<Issue> list) {
        return views(group, list, groups.members(group.id()));
    }

    /**
     * The views of the issues. {@code voters} is the number of members who vote, but never less than
     * the cards given: a member who left or became an observer leaves their cards in the open rounds
     * (see {@code GroupService#removeMember}), and "3 of 2" would tell that they had voted. The group
     * is the one the caller already read (its reveal style decides a card-less round's).
     */
    private List<IssueView> views(EstimationGroup group, List<Issue> list, List<Membership> members) {
        Map<Long, Integer> estimateCounts = counts.countsByIssue(group.id());
        int voters = (int) members.stream().filter(m -> m.role().votes()).count();
        EstimationGroup.RevealMode groupMode = group.revealMode();
        return list.stream().map(i -> {
            int given = estimateCounts.getOrDefault(i.id(), 0);
            return new IssueView(i.id(), i.storyRef(), i.description(), i.link(), i.state().name(), given,
                    Math.max(voters, given), i.finalEstimate(), Membership.fewVoters(voters), i.round(), i.sortOrder(),
                    i.timerEndsAt(), i.revealMode(groupMode).name(), iso(i.deadlineAt()), iso(i.lockedAt()),
                    i.lockedAt() == null || i.firstCardAt() == null
                            ? null
                            : Math.max(0, (i.lockedAt() - i.firstCardAt()) / 1000));
        }).toList();
    }

    private static String iso(Long millis) {
        return millis == null ? null : java.time.Instant.ofEpochMilli(millis).toString();
    }

    @Override
    public Map<String, Object> of(long groupId) {
        EstimationGroup g = groups.find(groupId);
        List<Membership> members = groups.members(groupId);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("group", new GroupInfo(g.name(), g.ownerNickname(), GroupSettings.of(g)));
        state.put("members", members.stream().map(MemberView::of).toList());
        state.put("issues", views(g, issues.list(groupId), members));
        return state;
    }
}
