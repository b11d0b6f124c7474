package org.estimator.estimate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.estimator.db.QueryWarmup;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.annotation.Counted;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.group.Deck;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupChange;
import org.estimator.group.GroupService;
import org.estimator.issue.EstimateCounts;
import org.estimator.issue.Issue;
import org.estimator.issue.IssueService;
import org.estimator.live.GroupEvents;
import org.estimator.web.ApiError;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Secret estimates, the review, reveal, lock, restart and the round timer. */
@ApplicationScoped
public class EstimateService implements EstimateCounts {

    static final int MAX_TIMER_SECONDS = 3600;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EstimateService.class);

    /** How many estimates an issue has this round: the only thing streams learn about estimates. */
    record Count(long issueId, long estimates) {
    }

    record IssueRef(long issueId) {
    }

    record Locked(long issueId, String finalEstimate) {
    }

    record Restarted(long issueId, int round) {
    }

    record TimerStarted(long issueId, long endsAt) {
    }

    record TimerEnded(long issueId, String reason) {
    }

    private final Database db;
    private final IssueService issues;
    private final GroupService groups;
    private final GroupEvents events;

    EstimateService(Database db, IssueService issues, GroupService groups, GroupEvents events) {
        this.db = db;
        this.issues = issues;
        this.groups = groups;
        this.events = events;
    }

    /**
     * Gives or replaces the caller's card; only while the round is open. {@code shownMode}, when the
     * client says which reveal style it showed the voter (the issue page does), must still be the
     * round's: a switch to open mode racing the click must not put a name to a card given as
     * anonymous (409, and the page shows the new style).
     */
    @Counted(value = "estimator.estimates", description = "estimates given or replaced")
    void estimate(GroupAccess.Access a, long issueId, Deck.Card card, EstimationGroup.RevealMode shownMode) {
        try {
            put(a, issueId, card, shownMode);
        } catch (RuntimeException e) {
            if (!Constraints.isViolation(e)) {
                throw e;
            }
            put(a, issueId, card, shownMode); // a parallel first estimate of the same member won the insert: replace it
        }
    }

    /**
     * The hottest write (every click of a card), without Hibernate: on SQLite it joins the group commit
     * (one transaction for the writes waiting at the same moment), which Hibernate's own transaction
     * would not (measured in bench/RESULTS.md: about 430 estimates/s through Hibernate here). The
     * caller's membership and role are checked again after the group's lock, so a card racing its
     * giver's leave or change to observer is refused, never counted.
     */
    private void put(GroupAccess.Access a, long issueId, Deck.Card card, EstimationGroup.RevealMode shownMode) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            var round = tx.dsl().select(I_STATE, I_ROUND_MODE, G_REVEAL_MODE).from(ISSUE).join(GROUP).on(G_ID.eq(I_GROUP))
                    .where(I_ID.eq(issueId).and(I_GROUP.eq(a.groupId()))).fetchOne();
            if (round == null) {
                throw ApiError.notFound("Issue not found");
            }
            requireOpen(Issue.State.valueOf(round.value1()));
            EstimationGroup.RevealMode roundMode = round.value2() == null ? null : EstimationGroup.RevealMode.valueOf(round.value2());
            EstimationGroup.RevealMode effective = Issue.revealMode(roundMode, EstimationGroup.RevealMode.valueOf(round.value3()));
            if (shownMode != null && shownMode != effective) {
                throw ApiError.conflict(effective == EstimationGroup.RevealMode.OPEN
                        ? "This round is now in open mode: after the reveal, cards are shown by name. Choose your card again"
                        : "This round is now anonymous. Choose your card again");
            }
            if (roundMode == null) {
                tx.dsl().update(ISSUE).set(I_ROUND_MODE, effective.name()).where(I_ID.eq(issueId).and(I_ROUND_MODE.isNull())).execute();
            }
            long now = System.currentTimeMillis();
            // A changed card changes no count: nothing to tell (and nothing that could hint at who).
            if (tx.dsl().update(ESTIMATE).set(E_CARD, card.label()).set(E_UPDATED_AT, now)
                    .where(E_ISSUE.eq(issueId).and(E_USER.eq(a.userId()))).execute() == 1) {
                return null;
            }
            tx.dsl().insertInto(ESTIMATE).columns(E_ISSUE, E_USER, E_CARD, E_CREATED_AT, E_UPDATED_AT)
                    .values(issueId, a.userId(), card.label(), now, now).execute();
            log.add(GroupEvents.ESTIMATES_COUNT, new Count(issueId, tx.dsl().fetchCount(ESTIMATE, E_ISSUE.eq(issueId))));
            return null;
        });
    }

    private static final Table<Record> ESTIMATE = table(name("estimate"));
    private static final Field<Long> E_ISSUE = field(name("issue_id"), SQLDataType.BIGINT);
    private static final Field<Long> E_USER = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> E_CARD = field(name("card"), SQLDataType.VARCHAR);
    private static final Field<Long> E_CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
    private static final Field<Long> E_UPDATED_AT = field(name("updated_at"), SQLDataType.BIGINT);
    private static final Table<Record> ISSUE = table(name("issue"));
    private static final Field<Long> I_ID = field(name("issue", "id"), SQLDataType.BIGINT);
    private static final Field<Long> I_GROUP = field(name("issue", "group_id"), SQLDataType.BIGINT);
    private static final Field<String> I_STATE = field(name("issue", "state"), SQLDataType.VARCHAR);
    private static final Field<String> I_ROUND_MODE = field(name("issue", "round_reveal_mode"), SQLDataType.VARCHAR);
    private static final Field<Long> I_TIMER = field(name("issue", "timer_ends_at"), SQLDataType.BIGINT);
    private static final Table<Record> GROUP = table(name("estimation_group"));
    private static final Field<Long> G_ID = field(name("estimation_group", "id"), SQLDataType.BIGINT);
    private static final Field<String> G_REVEAL_MODE = field(name("estimation_group", "reveal_mode"), SQLDataType.VARCHAR);

    Optional<String> own(GroupAccess.Access a, long issueId) {
        issues.require(a.groupId(), issueId);
        return mine(issueId, a.userId()).map(e -> e.card);
    }

    private Optional<Estimate> mine(long issueId, long userId) {
        return db.session().createSelectionQuery(
                        "from Estimate where issue.id = :issue and user.id = :user", Estimate.class)
                .setParameter("issue", issueId)
                .setParameter("user", userId)
                .uniqueResultOptional();
    }

    /**
     * The aggregate: the owner may see it at any time; other members once the owner has revealed
     * the round. Names appear only when the round is held in open mode (see {@link Issue#revealMode})
     * and revealed. In an anonymous round the aggregate is shown only from the group's minimum of
     * cards ({@code reviewMinCards}): below it, it would all but name them.
     */
    Review review(GroupAccess.Access a, long issueId) {
        Issue issue = issues.require(a.groupId(), issueId);
        boolean revealed = issue.state() == Issue.State.REVEALED;
        if (!a.isOwner() && !revealed) {
            throw ApiError.forbidden("Only the group's owner may review before the reveal");
        }
        List<Object[]> rows = db.session().createSelectionQuery(
                        "select e.card, u.nickname from Estimate e join e.user u where e.issue.id = :issue order by e.card, u.nickname",
                        Object[].class)
                .setParameter("issue", issueId).getResultList();
        if (rows.isEmpty()) {
            throw ApiError.conflict(issue.state() == Issue.State.LOCKED
                    ? "The issue is locked; its estimates were deleted" : "More estimates are required");
        }
        EstimationGroup group = a.group();
        boolean open = issue.revealMode(group.revealMode()) == EstimationGroup.RevealMode.OPEN;
        if (!open && rows.size() < group.reviewMinCards()) {
            throw ApiError.conflict(tooFew(group, rows.size()));
        }
        Review review = Review.of(group.deckCards(), rows.stream().map(r -> (String) r[0]).toList());
        if (revealed && open) {
            review = review.withVotes(rows.stream().map(r -> new Review.Vote((String) r[1], (String) r[0])).toList());
        }
        return review;
    }

    private static String tooFew(EstimationGroup group, int given) {
        return "The review is shown from " + group.reviewMinCards() + " cards on (" + given
                + " so far): with fewer, the aggregate would tell who gave what";
    }

    /** Closes estimating and lets every member see the review; an anonymous round needs the group's minimum of cards. */
    void reveal(GroupAccess.Access a, long issueId) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue issue = issues.require(a.groupId(), issueId);
            requireOpen(issue);
            long given = count(issueId);
            if (given == 0) {
                throw ApiError.conflict("More estimates are required");
            }
            EstimationGroup group = groups.find(a.groupId());
            if (issue.revealMode(group.revealMode()) == EstimationGroup.RevealMode.ANONYMOUS
                    && given < group.reviewMinCards()) {
                throw ApiError.conflict(tooFew(group, (int) given));
            }
            issue.reveal(System.currentTimeMillis());
            log.add(GroupEvents.ISSUE_REVEALED, new IssueRef(issueId));
        });
    }

    /** Keeps the final estimate and deletes every individual estimate of the issue (the original's privacy rule). */
    @Counted(value = "estimator.locks", description = "issues locked with a final estimate")
    void lock(GroupAccess.Access a, long issueId, Deck.Card card) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue issue = issues.require(a.groupId(), issueId);
            if (issue.state() == Issue.State.LOCKED) {
                throw ApiError.conflict("The issue is already locked; start over to estimate it again");
            }
            deleteEstimates(issueId);
            issue.lock(card.label(), System.currentTimeMillis());
            log.add(GroupEvents.ISSUE_LOCKED, new Locked(issueId, card.label()));
        });
    }

    void restart(GroupAccess.Access a, long issueId) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue issue = issues.require(a.groupId(), issueId);
            deleteEstimates(issueId);
            issue.restart(System.currentTimeMillis());
            log.add(GroupEvents.ISSUE_RESTARTED, new Restarted(issueId, issue.round()));
        });
    }

    void timer(GroupAccess.Access a, long issueId, Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > MAX_TIMER_SECONDS)) {
            throw ApiError.invalid("seconds must be between 1 and " + MAX_TIMER_SECONDS);
        }
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            groups.confirm(a);
            Issue issue = issues.require(a.groupId(), issueId);
            if (seconds != null) {
                requireOpen(issue);
            }
            long now = System.currentTimeMillis();
            boolean running = issue.timerEndsAt() != null;
            issue.timer(seconds == null ? null : now + seconds * 1000L, now);
            if (seconds != null) {
                log.add(GroupEvents.TIMER_STARTED, new TimerStarted(issueId, issue.timerEndsAt()));
            } else if (running) {
                log.add(GroupEvents.TIMER_ENDED, new TimerEnded(issueId, "stopped"));
            }
        });
    }

    /**
     * Ends the round timers that ran out and tells the streams. With several instances each may try:
     * the conditional update lets exactly one of them announce each end.
     */
    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void endTimers() {
        try {
            endTimers(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.debugf("Ending round timers failed (the next run tries again): %s", e.toString());
        }
    }

    private void endTimers(long now) {
        List<long[]> due = db.read(q -> q.select(I_ID, I_GROUP).from(ISSUE).where(I_TIMER.le(now)).orderBy(I_TIMER).limit(100)
                .fetch(r -> new long[] {r.value1(), r.value2()}));
        for (long[] issue : due) {
            long issueId = issue[0];
            db.write(() -> {
                GroupEvents.Log log = events.lock(issue[1]);
                int ended = db.session().createMutationQuery(
                                "update Issue set timerEndsAt = null where id = :id and timerEndsAt <= :now")
                        .setParameter("id", issueId).setParameter("now", now).executeUpdate();
                if (ended == 1) {
                    log.add(GroupEvents.TIMER_ENDED, new TimerEnded(issueId, "expired"));
                }
            });
        }
    }

    /** Parses the queries of a stream's snapshot once at start (see Tokens#warmUp). */
    void warmUp(@Observes StartupEvent start) {
        QueryWarmup.run(() -> db.write(() -> {
            issues.list(0);
            return countsByIssue(0);
        }));
    }

    @Override
    public Map<Long, Integer> countsByIssue(long groupId) {
        Map<Long, Integer> counts = new HashMap<>();
        db.session().createSelectionQuery(
                        "select e.issue.id, count(*) from Estimate e where e.issue.group.id = :group group by e.issue.id",
                        Object[].class)
                .setParameter("group", groupId)
                .getResultList()
                .forEach(r -> counts.put((Long) r[0], ((Long) r[1]).intValue()));
        return counts;
    }

    /**
     * A new deck voids every estimate of the group (cards of the old deck mean nothing in the new
     * one), and the rounds concerned start free of a reveal style. The streams learn the new counts.
     * A member who leaves or stops voting takes nothing along: their cards stay in their rounds.
     */
    void onGroupChange(@Observes GroupChange change) {
        if (!(change instanceof GroupChange.DeckChanged)) {
            return;
        }
        List<Long> issueIds = db.session().createSelectionQuery(
                        "select distinct e.issue.id from Estimate e where e.issue.group.id = :group", Long.class)
                .setParameter("group", change.groupId()).getResultList();
        if (issueIds.isEmpty()) {
            return;
        }
        db.session().createMutationQuery(
                        "delete from Estimate e where e.issue.id in (select i.id from Issue i where i.group.id = :group)")
                .setParameter("group", change.groupId()).executeUpdate();
        db.session().createMutationQuery("update Issue set roundRevealMode = null where group.id = :group")
                .setParameter("group", change.groupId()).executeUpdate();
        GroupEvents.Log log = events.lock(change.groupId());
        for (long issueId : issueIds.stream().sorted().toList()) {
            log.add(GroupEvents.ESTIMATES_COUNT, new Count(issueId, 0));
        }
    }

    private long count(long issueId) {
        return db.session().createSelectionQuery("select count(*) from Estimate where issue.id = :issue", Long.class)
                .setParameter("issue", issueId).getSingleResult();
    }

    private void deleteEstimates(long issueId) {
        db.session().createMutationQuery("delete from Estimate where issue.id = :issue")
                .setParameter("issue", issueId).executeUpdate();
    }

    private static void requireOpen(Issue issue) {
        requireOpen(issue.state());
    }

    private static void requireOpen(Issue.State state) {
        if (state == Issue.State.LOCKED) {
            throw ApiError.conflict("The issue is locked; the owner can start it over");
        }
        if (state == Issue.State.REVEALED) {
            throw ApiError.conflict("The estimates are revealed; the owner can lock or start over");
        }
    }
}
