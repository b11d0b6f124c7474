package org.estimator.estimate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.annotation.Counted;
import io.quarkus.scheduler.Scheduled;
import org.estimator.account.Principal;
import org.estimator.common.ApiError;
import org.estimator.common.Enums;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.db.Tx;
import org.estimator.group.Deck;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupChange;
import org.estimator.group.GroupService;
import org.estimator.issue.EstimateCounts;
import org.estimator.issue.Issue;
import org.estimator.issue.IssueService;
import org.estimator.live.GroupEvents;

/** Secret estimates, the review, reveal, lock, restart and the round timer. */
@ApplicationScoped
public class EstimateService implements EstimateCounts {

    static final int MAX_TIMER_SECONDS = 3600;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EstimateService.class);

    /** How many estimates an issue has this round: the only thing streams learn about estimates. */
    record Count(long issueId, long estimates) {
    }

    /**
     * A round revealed, and why: {@code owner} (the owner revealed it), {@code deadline} (its deadline
     * passed) or {@code all-voted} (auto-reveal, when the last voter's card arrived). Never who.
     */
    record Revealed(long issueId, String reason) {
    }

    record DeadlineSet(long issueId, String deadline) {
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

    /** The owner's view of an open round after a card: its aggregate, or (review null) why it is not shown yet. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReviewChanged(long issueId, int estimates, Review review, String message) {
    }

    private final Database db;
    private final IssueService issues;
    private final GroupService groups;
    private final GroupEvents events;
    private final GroupAccess access;

    EstimateService(Database db, IssueService issues, GroupService groups, GroupEvents events, GroupAccess access) {
        this.db = db;
        this.access = access;
        this.issues = issues;
        this.groups = groups;
        this.events = events;
    }

    /**
     * Gives or replaces the caller's card; only while the round is open. {@code shownMode}, when the
     * client says which reveal style it showed the voter (the issue page does), must still be the
     * round's: a switch to open mode racing the click must not put a name to a card given as
     * anonymous (409, and the page shows the new style).
     *
     * <p>Called from the PUT's event loop, with no worker thread: the hottest request (every click of a
     * card). The caller's token, membership and role are checked where the write runs (see
     * {@link Database#writeAsync}), in {@link GroupAccess}'s order (401, 404, 403), then the reveal style
     * shown and the card (400); {@code put} checks the role again after the lock. A parallel first
     * estimate of the same member that won the insert (not on SQLite, whose writes run one at a time)
     * is replaced by a second try.
     */
    @Counted(value = "estimator.estimates", description = "estimates given or replaced")
    CompletionStage<Void> estimate(Supplier<Principal> caller, String groupName, long issueId, JsonNode value,
            String shownMode) {
        Supplier<GroupAccess.Access> check = () -> access.member(groupName, caller.get()).requireVoter();
        BiFunction<Tx, GroupAccess.Access, Void> work = (tx, a) -> {
            EstimationGroup.RevealMode shown = shownMode == null
                    ? null
                    : Enums.parse(EstimationGroup.RevealMode.class, "revealMode", shownMode, null);
            return put(tx, a, issueId, a.group().deckCards().card(value), shown);
        };
        return db.writeAsync(check, work).exceptionallyCompose(e -> Constraints.isViolation(e)
                ? db.writeAsync(check, work)
                : CompletableFuture.failedStage(e));
    }

    /**
     * The estimate's write; on SQLite it joins the group commit (one transaction for the writes waiting
     * at the same moment). The caller's membership and role are checked again after the group's lock,
     * so a card racing its giver's leave or change to observer is refused, never counted.
     */
    private Void put(Tx tx, GroupAccess.Access a, long issueId, Deck.Card card, EstimationGroup.RevealMode shownMode) {
        GroupEvents.Log log = events.lock(tx, a.groupId());
        GroupAccess.confirm(tx, a);
        IssueService.Round round = issues.round(tx, a.groupId(), issueId);
        round.state().requireOpen();
        EstimationGroup.RevealMode effective = Issue.revealMode(round.roundMode(), round.groupMode());
        if (shownMode != null && shownMode != effective) {
            throw ApiError.conflict(effective == EstimationGroup.RevealMode.OPEN
                    ? "This round is now in open mode: after the reveal, cards are shown by name. Choose your card again"
                    : "This round is now anonymous. Choose your card again");
        }
        long now = System.currentTimeMillis();
        if (round.roundMode() == null) {
            issues.fixRoundMode(tx, issueId, effective, now);
        }
        boolean changed = EstimateStore.replace(tx, issueId, a.userId(), card.label(), now);
        if (!changed) {
            EstimateStore.insert(tx, issueId, a.userId(), card.label(), now);
        }
        List<String> cards = EstimateStore.labels(tx.dsl(), issueId);
        // A changed card changes no count: the members are told nothing (nothing that could hint
        // at who); only the owner's view of the aggregate follows it.
        if (!changed) {
            log.add(GroupEvents.ESTIMATES_COUNT, new Count(issueId, cards.size()));
        }
        String withheld = withheld(cards.size(), effective == EstimationGroup.RevealMode.OPEN,
                round.reviewMinCards());
        log.add(GroupEvents.REVIEW_CHANGED, new ReviewChanged(issueId, cards.size(),
                withheld == null ? Review.of(a.group().deckCards(), cards) : null, withheld));
        // Auto-reveal: the card that completes the round reveals it, in the same transaction. Everyone
        // saw the count reach the number of voters (estimates.count, just above); the reveal adds no more,
        // and names nobody. A round whose review would be withheld is left to the owner.
        if (!changed && round.autoReveal() && withheld == null && cards.size() >= groups.voters(a.groupId())) {
            issues.save(tx, issues.require(a.groupId(), issueId).revealed());
            log.add(GroupEvents.ISSUE_REVEALED, new Revealed(issueId, "all-voted"));
        }
        return null;
    }

    Optional<String> own(GroupAccess.Access a, long issueId) {
        issues.require(a.groupId(), issueId);
        return db.read(q -> EstimateStore.mine(q, issueId, a.userId()));
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
        List<EstimateStore.Card> cards = db.read(q -> EstimateStore.cards(q, issueId));
        if (cards.isEmpty() && issue.state() == Issue.State.LOCKED) {
            throw ApiError.conflict("The issue is locked; its estimates were deleted");
        }
        EstimationGroup group = a.group();
        boolean open = issue.revealMode(group.revealMode()) == EstimationGroup.RevealMode.OPEN;
        String withheld = withheld(cards.size(), open, group.reviewMinCards());
        if (withheld != null) {
            throw ApiError.conflict(withheld);
        }
        Review review = Review.of(group.deckCards(), cards.stream().map(EstimateStore.Card::card).toList());
        if (revealed && open) {
            review = review.withVotes(cards.stream().map(c -> new Review.Vote(c.nickname(), c.card())).toList());
        }
        return review;
    }

    /**
     * Why a round's review is not shown with {@code given} cards, or null when it is: the one rule for
     * the review asked for and the owner's live view of it.
     */
    private static String withheld(int given, boolean open, int reviewMinCards) {
        if (given == 0) {
            return "More estimates are required";
        }
        return open || given >= reviewMinCards ? null : tooFew(reviewMinCards, given);
    }

    private static String tooFew(int reviewMinCards, int given) {
        return "The review is shown from " + reviewMinCards + " cards on (" + given
                + " so far): with fewer, the aggregate would tell who gave what";
    }

    /** Closes estimating and lets every member see the review; an anonymous round needs the group's minimum of cards. */
    void reveal(GroupAccess.Access a, long issueId) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue issue = issues.require(a.groupId(), issueId);
            issue.state().requireOpen();
            int given = EstimateStore.labels(tx.dsl(), issueId).size();
            EstimationGroup group = groups.find(a.groupId());
            String withheld = withheld(given,
                    issue.revealMode(group.revealMode()) == EstimationGroup.RevealMode.OPEN, group.reviewMinCards());
            if (withheld != null) {
                throw ApiError.conflict(withheld);
            }
            issues.save(tx, issue.revealed());
            log.add(GroupEvents.ISSUE_REVEALED, new Revealed(issueId, "owner"));
            return null;
        });
    }

    /** Keeps the final estimate and deletes every individual estimate of the issue (the original's privacy rule). */
    @Counted(value = "estimator.locks", description = "issues locked with a final estimate")
    void lock(GroupAccess.Access a, long issueId, Deck.Card card) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue locked = issues.require(a.groupId(), issueId).locked(card.label(), System.currentTimeMillis());
            EstimateStore.deleteForIssue(tx, issueId);
            issues.save(tx, locked);
            log.add(GroupEvents.ISSUE_LOCKED, new Locked(issueId, card.label()));
            return null;
        });
    }

    void restart(GroupAccess.Access a, long issueId) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue restarted = issues.require(a.groupId(), issueId).restarted();
            EstimateStore.deleteForIssue(tx, issueId);
            issues.save(tx, restarted);
            log.add(GroupEvents.ISSUE_RESTARTED, new Restarted(issueId, restarted.round()));
            return null;
        });
    }

    void timer(GroupAccess.Access a, long issueId, Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > MAX_TIMER_SECONDS)) {
            throw ApiError.invalid("seconds must be between 1 and " + MAX_TIMER_SECONDS);
        }
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue issue = issues.require(a.groupId(), issueId);
            boolean running = issue.timerEndsAt() != null;
            Issue timed = issue.withTimer(seconds == null ? null : System.currentTimeMillis() + seconds * 1000L);
            issues.save(tx, timed);
            if (seconds != null) {
                log.add(GroupEvents.TIMER_STARTED, new TimerStarted(issueId, timed.timerEndsAt()));
            } else if (running) {
                log.add(GroupEvents.TIMER_ENDED, new TimerEnded(issueId, "stopped"));
            }
            return null;
        });
    }

    /** The longest a round may stay open for asynchronous estimating. */
    static final Duration MAX_DEADLINE = Duration.ofDays(90);

    /**
     * Gives an open round a deadline (null removes it): members estimate until then, and the round
     * closes and is revealed by itself (see {@link #closeRounds}). In the past, or more than
     * {@link #MAX_DEADLINE} ahead: 400; a round that is not open: 409.
     */
    Issue deadline(GroupAccess.Access a, long issueId, Instant at) {
        long now = System.currentTimeMillis();
        if (at != null && at.toEpochMilli() <= now) {
            throw ApiError.invalid("closesAt is in the past");
        }
        if (at != null && at.toEpochMilli() > now + MAX_DEADLINE.toMillis()) {
            throw ApiError.invalid("closesAt must be within " + MAX_DEADLINE.toDays() + " days");
        }
        return db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Issue issue = issues.require(a.groupId(), issueId);
            boolean had = issue.deadlineAt() != null;
            Issue dated = issue.withDeadline(at == null ? null : at.toEpochMilli());
            issues.save(tx, dated);
            if (at != null) {
                log.add(GroupEvents.DEADLINE_SET, new DeadlineSet(issueId, at.toString()));
            } else if (had) {
                log.add(GroupEvents.DEADLINE_REMOVED, new IssueRef(issueId));
            }
            return dated;
        });
    }

    /**
     * Closes the open rounds whose deadline passed and reveals them as the group reveals (anonymous:
     * the aggregate only). With several instances each may try: the conditional update lets exactly
     * one of them close and announce each round.
     */
    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeRounds() {
        try {
            long now = System.currentTimeMillis();
            for (long[] issue : issues.dueDeadlines(now, 100)) {
                db.write(tx -> {
                    GroupEvents.Log log = events.lock(tx, issue[1]);
                    if (issues.closeAtDeadline(tx, issue[0], now)) {
                        log.add(GroupEvents.ISSUE_REVEALED, new Revealed(issue[0], "deadline"));
                    }
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.debugf("Closing rounds at their deadline failed (the next run tries again): %s", e.toString());
        }
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
        for (long[] issue : issues.dueTimers(now, 100)) {
            long issueId = issue[0];
            db.write(tx -> {
                GroupEvents.Log log = events.lock(tx, issue[1]);
                if (issues.endTimer(tx, issueId, now)) {
                    log.add(GroupEvents.TIMER_ENDED, new TimerEnded(issueId, "expired"));
                }
                return null;
            });
        }
    }

    @Override
    public Map<Long, Integer> countsByIssue(long groupId) {
        return db.read(q -> EstimateStore.countsByIssue(q, groupId));
    }

    /**
     * A new deck voids every estimate of the group (cards of the old deck mean nothing in the new
     * one), and the rounds concerned start free of a reveal style. The streams learn the new counts.
     * A member who leaves or stops voting takes nothing along: their cards stay in their rounds.
     * Observed inside the settings' write, which this joins.
     */
    void onGroupChange(@Observes GroupChange change) {
        if (!(change instanceof GroupChange.DeckChanged)) {
            return;
        }
        db.write(tx -> {
            List<Long> voided = EstimateStore.deleteForGroup(tx, change.groupId());
            if (voided.isEmpty()) {
                return null;
            }
            issues.clearRoundModes(tx, change.groupId());
            GroupEvents.Log log = events.lock(tx, change.groupId());
            for (long issueId : voided) {
                log.add(GroupEvents.ESTIMATES_COUNT, new Count(issueId, 0));
            }
            return null;
        });
    }
}
