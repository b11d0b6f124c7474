package org.estimator.issue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.ApiError;
import org.estimator.common.Texts;
import org.estimator.config.Settings;
import org.estimator.db.Database;
import org.estimator.db.Tx;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupService;
import org.estimator.group.Membership;
import org.estimator.live.GroupEvents;

/** The backlog of a group: adding, editing, ordering, deleting and importing issues. */
@ApplicationScoped
public class IssueService {

    /**
     * A story reference, description and link as a client sent them, before they are checked. A link
     * left out (null) keeps an edited issue's link; an empty one removes it.
     */
    /** The longest description, in code points. */
    static final int DESCRIPTION_MAX = 1000;

    public record Draft(@Schema(example = "JIRA-42", maxLength = 32) String storyRef,
            @Schema(example = "As a user I want to export my results", maxLength = 1000) String description,
            @Schema(example = "https://example.atlassian.net/browse/JIRA-42", maxLength = 500, description = "the issue's original in a tracker (http or https)") String link) {

        Draft checked() {
            return new Draft(Texts.name("storyRef", storyRef, 32),
                    Texts.check("description", description, 1, DESCRIPTION_MAX, true),
                    checkedLink());
        }

        private String checkedLink() {
            if (link == null) {
                return null;
            }
            return link.isBlank() ? "" : Texts.link("link", link);
        }

        /**
         * An issue as a tracker has it: its title, then its body after a blank line, fitted to a
         * description (the link keeps the rest); a blank title gives way to the reference.
         */
        public static Draft of(String storyRef, String title, String body, String link) {
            String head = title == null || title.isBlank() ? storyRef : title.strip();
            String text = body == null || body.isBlank() ? head : head + "\n\n" + body.strip();
            return new Draft(storyRef, Texts.fitted(text, DESCRIPTION_MAX),
                    link == null || link.isBlank() ? null : link);
        }

        /** The link to store: none for an empty one. */
        String storedLink() {
            return link == null || link.isEmpty() ? null : link;
        }
    }

    /**
     * An issue coming from a file or a tracker: its draft, and whether the tracker holds an estimate
     * for it already (story points, a weight, an estimate label).
     */
    public record Incoming(Draft draft, boolean estimated, String trackerKey) {

        /** An issue from a file: no tracker connection to write its estimate back to. */
        public Incoming(Draft draft, boolean estimated) {
            this(draft, estimated, null);
        }
    }

    /**
     * What an import did: issues created; issues left out because the group has their story
     * reference already; issues left out because the tracker holds an estimate for them (when asked).
     */
    public record Imported(int created, int known, int estimated) {
    }

    /** An issue in an event: what it says and where it stands, never an estimate. */
    public record Summary(long id, String storyRef, String description, String link, String state,
            String finalEstimate, int position, int round) {

        static Summary of(Issue i) {
            return new Summary(i.id(), i.storyRef(), i.description(), i.link(), i.state().name(), i.finalEstimate(),
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
    private final Event<IssueLocked> locks;

    IssueService(Database db,
            GroupEvents events,
            GroupService groups,
            Settings settings,
            Event<IssueLocked> locks) {
        this.db = db;
        this.events = events;
        this.groups = groups;
        this.issuesPerGroup = settings.limits().issuesPerGroup();
        this.locks = locks;
    }

    public List<Issue> list(long groupId) {
        return db.read(q -> IssueStore.list(q, groupId));
    }

    /** The issue, if it belongs to the group; an id of another group's issue is as unknown as a missing one. */
    public Issue require(long groupId, long issueId) {
        return db.read(q -> IssueStore.find(q, groupId, issueId))
                .orElseThrow(IssueService::notFound);
    }

    /** What a card needs to know about its round, read in the card's transaction; 404 as {@link #require}. */
    public Round round(Tx tx, long groupId, long issueId) {
        return IssueStore.round(tx.dsl(), groupId, issueId).orElseThrow(IssueService::notFound);
    }

    /**
     * A round as a card sees it: its state, the style its first card fixed (or null), the group's
     * style and the group's minimum of cards for an anonymous review.
     */
    public record Round(Issue.State state, EstimationGroup.RevealMode roundMode, EstimationGroup.RevealMode groupMode,
            int reviewMinCards, boolean autoReveal) {
    }

    /**
     * Stores an issue after one of its transitions (see {@link Issue}), in the caller's transaction. A
     * lock of an issue that came through a tracker connection is announced ({@link IssueLocked}) in
     * the same transaction.
     */
    public void save(Tx tx, Issue issue) {
        IssueStore.update(tx, issue);
        if (issue.state() == Issue.State.LOCKED && issue.origin() != null) {
            locks.fire(new IssueLocked(issue));
        }
    }

    /** Fixes the round's reveal style at its first card (and notes the issue's first card ever, for its history). */
    public void fixRoundMode(Tx tx, long issueId, EstimationGroup.RevealMode mode, long now) {
        IssueStore.fixRoundMode(tx, issueId, mode, now);
    }

    /** Every round of the group starts free of a reveal style again (its cards were voided). */
    public void clearRoundModes(Tx tx, long groupId) {
        IssueStore.clearRoundModes(tx, groupId);
    }

    /** Issues (id, group id) whose round timer ran out by {@code now}. */
    public List<long[]> dueTimers(long now, int limit) {
        return db.read(q -> IssueStore.dueTimers(q, now, limit));
    }

    /** The open rounds with a deadline in these groups, the soonest to close first. */
    public List<Issue> openWithDeadline(java.util.Collection<Long> groupIds) {
        return groupIds.isEmpty() ? List.of() : db.read(q -> IssueStore.openWithDeadline(q, groupIds));
    }

    /** Issues (id, group id) whose open round's deadline passed by {@code now}. */
    public List<long[]> dueDeadlines(long now, int limit) {
        return db.read(q -> IssueStore.dueDeadlines(q, now, limit));
    }

    /** Closes and reveals a round at its deadline; false when it closed otherwise, or elsewhere, first. */
    public boolean closeAtDeadline(Tx tx, long issueId, long now) {
        return IssueStore.closeAtDeadline(tx, issueId, now);
    }

    /** Ends a timer that ran out; false when someone else already did. */
    public boolean endTimer(Tx tx, long issueId, long now) {
        return IssueStore.endTimer(tx, issueId, now);
    }

    /** Adds issues at the end of the backlog, all or none. */
    public List<Issue> add(GroupAccess.Access a, List<Draft> drafts) {
        return add(a, drafts.stream().map(d -> new Incoming(d, false)).toList(), false, null);
    }

    /**
     * Adds issues from a file or a tracker at the end of the backlog, all or none, leaving out those
     * whose story reference the group already has (an import run twice, or a tracker's export that
     * overlaps an earlier one, adds nothing twice) and, when {@code skipEstimated}, those the tracker
     * has an estimate for. The group's story references are read in the transaction that adds, so two
     * imports at once cannot both add the same issue.
     */
    public Imported importIssues(GroupAccess.Access a, List<Incoming> incoming, boolean skipEstimated,
            Long trackerId) {
        List<Incoming> taken = incoming.stream().filter(i -> !(skipEstimated && i.estimated())).toList();
        int created = add(a, taken, true, trackerId).size();
        return new Imported(created, taken.size() - created, incoming.size() - taken.size());
    }

    private List<Issue> add(GroupAccess.Access a, List<Incoming> incoming, boolean skipKnown, Long trackerId) {
        List<Incoming> checked = incoming.stream()
                .map(i -> new Incoming(i.draft().checked(), i.estimated(), i.trackerKey())).toList();
        long groupId = a.groupId();
        return db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, groupId);
            Membership.Role role = GroupAccess.confirm(tx, a);
            if (!mayAdd(role == Membership.Role.OWNER, groups.find(groupId))) {
                throw ApiError.forbidden("Only the group's owner may add issues");
            }
            List<Incoming> adding = checked;
            if (skipKnown) {
                Set<String> known = IssueStore.storyRefs(tx.dsl(), groupId);
                adding = checked.stream().filter(i -> !known.contains(i.draft().storyRef())).toList();
            }
            if (issuesPerGroup > 0 && IssueStore.count(tx.dsl(), groupId) + adding.size() > issuesPerGroup) {
                throw ApiError.conflict("A group holds at most " + issuesPerGroup + " issues");
            }
            int next = IssueStore.lastPosition(tx.dsl(), groupId) + 1;
            long now = System.currentTimeMillis();
            List<Issue> created = new ArrayList<>();
            for (Incoming i : adding) {
                Draft d = i.draft();
                Issue.Origin origin = trackerId == null || i.trackerKey() == null
                        ? null
                        : new Issue.Origin(trackerId, i.trackerKey());
                long id = IssueStore.insert(tx, groupId, d.storyRef(), d.description(), d.storedLink(), origin, next,
                        now);
                created.add(new Issue(id, groupId, d.storyRef(), d.description(), d.storedLink(), Issue.State.OPEN,
                        null, next++, 1, null, null, origin, null, null, null));
            }
            for (Issue issue : created) {
                log.add(GroupEvents.ISSUE_ADDED, Summary.of(issue));
            }
            return created;
        });
    }

    private static final java.time.format.DateTimeFormatter QUICK = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** A quick round's issue: the story reference given, or "Quick" and the time; added at the end of the backlog. */
    public Issue quick(GroupAccess.Access a, String storyRef) {
        String when = QUICK.format(java.time.Instant.now());
        String ref = storyRef == null || storyRef.isBlank() ? "Quick " + when : storyRef;
        return add(a, List.of(new Draft(ref, "Quick round started " + when, null))).get(0);
    }

    /** Whether a member may add issues: the owner always, others when the group lets every member. */
    static boolean mayAdd(boolean owner, EstimationGroup group) {
        return owner || group.issuePolicy() == EstimationGroup.IssuePolicy.MEMBERS;
    }

    void edit(GroupAccess.Access a, long issueId, Draft draft) {
        Draft d = draft.checked();
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue before = require(a.groupId(), issueId);
            Issue issue = before.edited(d.storyRef(), d.description(),
                    d.link() == null ? before.link() : d.storedLink());
            IssueStore.update(tx, issue);
            log.add(GroupEvents.ISSUE_CHANGED, Summary.of(issue));
            return null;
        });
    }

    void delete(GroupAccess.Access a, long issueId) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            IssueStore.delete(tx, require(a.groupId(), issueId).id());
            log.add(GroupEvents.ISSUE_DELETED, new Deleted(issueId));
            return null;
        });
    }

    /** Puts the issues in the given order; the ids must be exactly the group's issues. */
    void reorder(GroupAccess.Access a, List<Long> ids) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            List<Issue> issues = list(a.groupId());
            Set<Long> given = new HashSet<>(ids);
            Set<Long> existing = new HashSet<>(issues.stream().map(Issue::id).toList());
            if (given.size() != ids.size() || !given.equals(existing)) {
                throw ApiError.invalid("ids must list every issue of the group exactly once");
            }
            renumber(tx, issues, ids, log);
            return null;
        });
    }

    /**
     * Moves one issue to a place in the backlog (1 is the top), the others keeping their order: what
     * a page's up and down buttons send, so their size does not grow with the backlog.
     */
    Issue move(GroupAccess.Access a, long issueId, int position) {
        return db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            // The group's list holds the issue too: one read for both, and the answer follows from it.
            List<Issue> issues = list(a.groupId());
            Issue moved = issues.stream().filter(i -> i.id() == issueId).findFirst()
                    .orElseThrow(IssueService::notFound);
            if (position < 1 || position > issues.size()) {
                throw ApiError.invalid("position must be between 1 and " + issues.size());
            }
            List<Long> ids = new ArrayList<>(issues.stream().map(Issue::id).toList());
            ids.remove(moved.id());
            ids.add(position - 1, moved.id());
            renumber(tx, issues, ids, log);
            return moved.at(position);
        });
    }

    private static void renumber(Tx tx, List<Issue> issues, List<Long> ids, GroupEvents.Log log) {
        Map<Long, Integer> place = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            place.put(ids.get(i), i + 1);
        }
        for (Issue issue : issues) {
            int at = place.get(issue.id());
            if (issue.sortOrder() != at) {
                IssueStore.position(tx, issue.id(), at);
            }
        }
        log.add(GroupEvents.ISSUE_REORDERED, new Reordered(ids));
    }

    private static ApiError notFound() {
        return ApiError.notFound("Issue not found");
    }
}
