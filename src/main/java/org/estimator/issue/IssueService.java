package org.estimator.issue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.group.EstimationGroup;
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
            return new Draft(Texts.check("storyRef", storyRef, 1, 32, false),
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
    private final int issuesPerGroup;

    IssueService(Database db, GroupEvents events, @ConfigProperty(name = "estimator.limits.issues-per-group") int issuesPerGroup) {
        this.db = db;
        this.events = events;
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
    List<Issue> add(long groupId, List<Draft> drafts) {
        List<Draft> checked = drafts.stream().map(Draft::checked).toList();
        return db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            EstimationGroup group = db.session().find(EstimationGroup.class, groupId);
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

    void edit(long groupId, long issueId, Draft draft) {
        Draft d = draft.checked();
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            Issue issue = require(groupId, issueId);
            issue.edit(d.storyRef(), d.description(), System.currentTimeMillis());
            log.add(GroupEvents.ISSUE_CHANGED, Summary.of(issue));
        });
    }

    void delete(long groupId, long issueId) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            db.session().remove(require(groupId, issueId));
            log.add(GroupEvents.ISSUE_DELETED, new Deleted(issueId));
        });
    }

    /** Puts the issues in the given order; the ids must be exactly the group's issues. */
    void reorder(long groupId, List<Long> ids) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            List<Issue> issues = list(groupId);
            Set<Long> given = new HashSet<>(ids);
            Set<Long> existing = new HashSet<>(issues.stream().map(Issue::id).toList());
            if (given.size() != ids.size() || !given.equals(existing)) {
                throw ApiError.invalid("ids must list every issue of the group exactly once");
            }
            for (Issue issue : issues) {
                issue.sortOrder(ids.indexOf(issue.id()) + 1);
            }
            log.add(GroupEvents.ISSUE_REORDERED, new Reordered(ids));
        });
    }
}
