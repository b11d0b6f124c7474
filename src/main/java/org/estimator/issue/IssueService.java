package org.estimator.issue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.db.Database;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupService;
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

    private final Database db;
    private final GroupService groups;
    private final int issuesPerGroup;

    IssueService(Database db, GroupService groups, @ConfigProperty(name = "estimator.limits.issues-per-group") int issuesPerGroup) {
        this.db = db;
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
    List<Issue> add(long groupId, List<Draft> drafts) {
        List<Draft> checked = drafts.stream().map(Draft::checked).toList();
        return db.write(() -> {
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
            groups.touch(groupId, now);
            return created;
        });
    }

    void edit(long groupId, long issueId, Draft draft) {
        Draft d = draft.checked();
        db.write(() -> {
            long now = System.currentTimeMillis();
            require(groupId, issueId).edit(d.storyRef(), d.description(), now);
            groups.touch(groupId, now);
        });
    }

    void delete(long groupId, long issueId) {
        db.write(() -> {
            db.session().remove(require(groupId, issueId));
            groups.touch(groupId, System.currentTimeMillis());
        });
    }

    /** Puts the issues in the given order; the ids must be exactly the group's issues. */
    void reorder(long groupId, List<Long> ids) {
        db.write(() -> {
            List<Issue> issues = list(groupId);
            Set<Long> given = new HashSet<>(ids);
            Set<Long> existing = new HashSet<>(issues.stream().map(Issue::id).toList());
            if (given.size() != ids.size() || !given.equals(existing)) {
                throw ApiError.invalid("ids must list every issue of the group exactly once");
            }
            for (Issue issue : issues) {
                issue.sortOrder(ids.indexOf(issue.id()) + 1);
            }
            groups.touch(groupId, System.currentTimeMillis());
        });
    }
}
