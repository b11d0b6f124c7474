package org.estimator.estimate;

import io.micrometer.core.annotation.Counted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estimator.account.User;
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
import org.estimator.web.ApiError;

/** Secret estimates, the review, reveal, lock, restart and the round timer. */
@ApplicationScoped
public class EstimateService implements EstimateCounts {

    static final int MAX_TIMER_SECONDS = 3600;

    private final Database db;
    private final IssueService issues;
    private final GroupService groups;

    EstimateService(Database db, IssueService issues, GroupService groups) {
        this.db = db;
        this.issues = issues;
        this.groups = groups;
    }

    /** Gives or replaces the caller's card; only while the round is open. */
    @Counted(value = "estimator.estimates", description = "estimates given or replaced")
    void estimate(GroupAccess.Access a, long issueId, Deck.Card card) {
        try {
            put(a, issueId, card);
        } catch (PersistenceException e) {
            if (!Constraints.isViolation(e)) {
                throw e;
            }
            put(a, issueId, card); // a parallel first estimate of the same member won the insert: replace it
        }
    }

    private void put(GroupAccess.Access a, long issueId, Deck.Card card) {
        db.write(() -> {
            Issue issue = issues.require(a.groupId(), issueId);
            requireOpen(issue);
            long now = System.currentTimeMillis();
            Optional<Estimate> existing = mine(issueId, a.userId());
            if (existing.isPresent()) {
                existing.get().card = card.label();
                existing.get().updatedAt = now;
            } else {
                db.session().persist(new Estimate(issue, db.session().getReference(User.class, a.userId()), card.label(), now));
            }
            groups.touch(a.groupId(), now);
            db.session().flush();
        });
    }

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
     * the round. Names appear only in an open-mode group after the reveal.
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
        Review review = Review.of(group.deckCards(), rows.stream().map(r -> (String) r[0]).toList());
        if (revealed && group.revealMode() == EstimationGroup.RevealMode.OPEN) {
            review = review.withVotes(rows.stream().map(r -> new Review.Vote((String) r[1], (String) r[0])).toList());
        }
        return review;
    }

    void reveal(GroupAccess.Access a, long issueId) {
        db.write(() -> {
            Issue issue = issues.require(a.groupId(), issueId);
            requireOpen(issue);
            if (count(issueId) == 0) {
                throw ApiError.conflict("More estimates are required");
            }
            issue.reveal(System.currentTimeMillis());
        });
    }

    /** Keeps the final estimate and deletes every individual estimate of the issue (the original's privacy rule). */
    @Counted(value = "estimator.locks", description = "issues locked with a final estimate")
    void lock(GroupAccess.Access a, long issueId, Deck.Card card) {
        db.write(() -> {
            Issue issue = issues.require(a.groupId(), issueId);
            if (issue.state() == Issue.State.LOCKED) {
                throw ApiError.conflict("The issue is already locked; start over to estimate it again");
            }
            deleteEstimates(issueId);
            long now = System.currentTimeMillis();
            issue.lock(card.label(), now);
            groups.touch(a.groupId(), now);
        });
    }

    void restart(GroupAccess.Access a, long issueId) {
        db.write(() -> {
            Issue issue = issues.require(a.groupId(), issueId);
            deleteEstimates(issueId);
            long now = System.currentTimeMillis();
            issue.restart(now);
            groups.touch(a.groupId(), now);
        });
    }

    void timer(GroupAccess.Access a, long issueId, Integer seconds) {
        if (seconds != null && (seconds < 1 || seconds > MAX_TIMER_SECONDS)) {
            throw ApiError.invalid("seconds must be between 1 and " + MAX_TIMER_SECONDS);
        }
        db.write(() -> {
            Issue issue = issues.require(a.groupId(), issueId);
            if (seconds != null) {
                requireOpen(issue);
            }
            long now = System.currentTimeMillis();
            issue.timer(seconds == null ? null : now + seconds * 1000L, now);
        });
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

    /** A member who leaves or stops voting takes their pending estimates along; a new deck voids all. */
    void onGroupChange(@Observes GroupChange change) {
        if (change instanceof GroupChange.MemberGone gone) {
            db.session().createMutationQuery(
                            "delete from Estimate e where e.user.id = :user and e.issue.id in "
                                    + "(select i.id from Issue i where i.group.id = :group)")
                    .setParameter("user", gone.userId())
                    .setParameter("group", gone.groupId())
                    .executeUpdate();
        } else if (change instanceof GroupChange.DeckChanged deck) {
            db.session().createMutationQuery(
                            "delete from Estimate e where e.issue.id in (select i.id from Issue i where i.group.id = :group)")
                    .setParameter("group", deck.groupId())
                    .executeUpdate();
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
        if (issue.state() == Issue.State.LOCKED) {
            throw ApiError.conflict("The issue is locked; the owner can start it over");
        }
        if (issue.state() == Issue.State.REVEALED) {
            throw ApiError.conflict("The estimates are revealed; the owner can lock or start over");
        }
    }
}
