package org.estimator.issue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupService;
import org.estimator.group.Membership;
import org.estimator.live.GroupEvents;
import org.estimator.web.ApiError;
import org.estimator.web.Texts;

/** The backlog of a group: adding, editing, ordering, deleting and importing issues. */
@ApplicationScoped
public class IssueService {

    /** A story reference and description as a client sent them, before they are checked. */
    public record Draft(@Schema(example = "JIRA-42", maxLength = 32) String storyRef,
                        @Schema(example = "As a user I want to export my results", maxLength = 1000) String description) {

        Draft checked() {
            return new Draft(Texts.name("storyRef", storyRef, 32),
                    Texts.check("description", description, 1, 1000, true));
        }
    }

    /** An issue in an event: what it says and where it stands, never an estimate. */
    public record Summary(long id, String storyRef, String description, String state, String finalEstimate,
                          int position, int round) {

        static Summary of(Issue i) {
            return new Summary(i.id(), i.storyRef(), i.description(), i.state().name(), i.finalEstimate(),
                    i.sortOrder(), i.round());
        }
    }

    record Deleted(long id) {
    }

    record Reordered(List<Long> ids) {
    }

    private final Database db;
    private final GroupEvents events;
    private final GroupService groups;
    private final int issuesPerGroup;

    IssueService(Database db, GroupEvents events, GroupService groups,
                 @ConfigProperty(name = "estimator.limits.issues-per-group") int issuesPerGroup) {
        this.db = db;
        this.events = events;
        this.groups = groups;
        this.issuesPerGroup = issuesPerGroup;
    }

    public List<Issue> list(long groupId) {
        return db.session().createSelectionQuery("from Issue where group.id = :group order by sortOrder, id", Issue.class)
                .setParameter("group", groupId).getResultList();
    }

    /** The issue, if it belongs to the group; an id of another group's issue is as unknown as a missing one. */
    public Issue require(long groupId, long issueId) {
        Issue issue = db.session().find(Issue.class, issueId);
        if (issue == null || !issue.group().id().equals(groupId)) {
            throw ApiError.notFound("Issue not found");
        }
        return issue;
    }

    /** Adds issues at the end of the backlog, all or none. */
    List<Issue> add(GroupAccess.Access a, List<Draft> drafts) {
        List<Draft> checked = drafts.stream().map(Draft::checked).toList();
        long groupId = a.groupId();
        return db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            Membership.Role role = groups.confirm(a);
            EstimationGroup group = db.session().find(EstimationGroup.class, groupId);
            if (!mayAdd(role == Membership.Role.OWNER, group)) {
                throw ApiError.forbidden("Only the group's owner may add issues");
            }
            Long count = db.session().createSelectionQuery("select count(*) from Issue where group.id = :group", Long.class)
                    .setParameter("group", groupId).getSingleResult();
            if (issuesPerGroup > 0 && count + checked.size() > issuesPerGroup) {
                throw ApiError.conflict("A group holds at most " + issuesPerGroup + " issues");
            }
            Integer last = db.session().createSelectionQuery(
                            "select max(sortOrder) from Issue where group.id = :group", Integer.class)
                    .setParameter("group", groupId).getSingleResult();
            int next = last == null ? 1 : last + 1;
            long now = System.currentTimeMillis();
            List<Issue> created = new java.util.ArrayList<>();
            for (Draft d : checked) {
                Issue issue = new Issue(group, d.storyRef(), d.description(), next++, now);
                db.session().persist(issue);
                created.add(issue);
            }
            db.session().flush();
            for (Issue issue : created) {
                log.add(GroupEvents.ISSUE_ADDED, Summary.of(issue));
            }
            return created;
        });
    }

    /** Whether a member may add issues: the owner always, others when the group lets every member. */
    static boolean mayAdd(boolean owner, EstimationGroup group) {
        return owner || group.issuePolicy() == EstimationGroup.IssuePolicy.MEMBERS;
    }

    void edit(GroupAccess.Access a, long issueId, Draft draft) {
        Draft d = draft.checked();
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue issue = require(a.groupId(), issueId);
            issue.edit(d.storyRef(), d.description(), System.currentTimeMillis());
            log.add(GroupEvents.ISSUE_CHANGED, Summary.of(issue));
        });
    }

    void delete(GroupAccess.Access a, long issueId) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            db.session().remove(require(a.groupId(), issueId));
            log.add(GroupEvents.ISSUE_DELETED, new Deleted(issueId));
        });
    }

    /** Puts the issues in the given order; the ids must be exactly the group's issues. */
    void reorder(GroupAccess.Access a, List<Long> ids) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            List<Issue> issues = list(a.groupId());
            Set<Long> given = new HashSet<>(ids);
            Set<Long> existing = new HashSet<>(issues.stream().map(Issue::id).toList());
            if (given.size() != ids.size() || !given.equals(existing)) {
                throw ApiError.invalid("ids must list every issue of the group exactly once");
            }
            renumber(issues, ids, log);
        });
    }

    /**
     * Moves one issue to a place in the backlog (1 is the top), the others keeping their order: what
     * a page's up and down buttons send, so their size does not grow with the backlog.
     */
    Issue move(GroupAccess.Access a, long issueId, int position) {
        return db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue moved = require(a.groupId(), issueId);
            List<Issue> issues = list(a.groupId());
            if (position < 1 || position > issues.size()) {
                throw ApiError.invalid("position must be between 1 and " + issues.size());
            }
            List<Long> ids = new java.util.ArrayList<>(issues.stream().map(Issue::id).toList());
            ids.remove(moved.id());
            ids.add(position - 1, moved.id());
            renumber(issues, ids, log);
            return moved;
        });
    }

    private static void renumber(List<Issue> issues, List<Long> ids, GroupEvents.Log log) {
        java.util.Map<Long, Integer> place = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            place.put(ids.get(i), i + 1);
        }
        for (Issue issue : issues) {
            int at = place.get(issue.id());
            if (issue.sortOrder() != at) {
                issue.sortOrder(at);
            }
        }
        log.add(GroupEvents.ISSUE_REORDERED, new Reordered(ids));
    }
}
