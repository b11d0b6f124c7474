package org.estimator.estimate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.db.Database;
import org.estimator.group.GroupRole;
import org.estimator.group.GroupService;
import org.estimator.group.OpenRounds;
import org.estimator.issue.Issue;
import org.estimator.issue.IssueService;
import org.estimator.web.Links;

/**
 * The open rounds with a deadline across a user's groups, for the home page: counts only (as every
 * member sees them), and whether the user has given a card there, which is theirs to know.
 */
@ApplicationScoped
class OpenRoundsList implements OpenRounds {

    private final Database db;
    private final GroupService groups;
    private final IssueService issues;

    OpenRoundsList(Database db, GroupService groups, IssueService issues) {
        this.db = db;
        this.groups = groups;
        this.issues = issues;
    }

    @Override
    public List<Round> of(long userId) {
        Map<Long, GroupRole> mine = groups.groupsOf(userId).stream()
                .collect(Collectors.toMap(GroupRole::groupId, Function.identity()));
        List<Issue> open = issues.openWithDeadline(mine.keySet());
        if (open.isEmpty()) {
            return List.of();
        }
        List<Long> ids = open.stream().map(Issue::id).toList();
        Map<Long, Integer> counts = db.read(q -> EstimateStore.counts(q, ids));
        Set<Long> given = db.read(q -> EstimateStore.givenBy(q, userId, ids));
        Map<Long, Integer> voters = new HashMap<>();
        return open.stream().map(i -> {
            GroupRole g = mine.get(i.groupId());
            int estimates = counts.getOrDefault(i.id(), 0);
            int voting = voters.computeIfAbsent(i.groupId(), groups::voters);
            return new Round(g.groupName(), Links.segment(g.groupName()), i.id(), i.storyRef(), estimates,
                    Math.max(voting, estimates), java.time.Instant.ofEpochMilli(i.deadlineAt()).toString(),
                    g.role().votes() ? given.contains(i.id()) : null);
        }).toList();
    }
}
