package org.estimator.tracker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.scheduler.Scheduled;
import org.estimator.common.ApiError;
import org.estimator.db.Database;
import org.estimator.group.GroupService;
import org.estimator.issue.Issue;
import org.estimator.issue.IssueLocked;
import org.estimator.issue.IssueService;
import org.estimator.live.GroupEvents;
import org.jboss.logging.Logger;

/**
 * Writes final estimates back to the trackers their issues came from. A lock records the write-back
 * in its own transaction (so a committed lock always has one, and a failed write-back never undoes a
 * lock); after the commit a worker thread writes it. A failure the tracker may get over (down, slow,
 * rate-limited) is tried again after 30 s, 1, 2, 4… minutes (at most an hour apart, or later if the
 * tracker asks), up to {@value #MAX_ATTEMPTS} attempts; one it will not (token refused, issue gone,
 * a value it cannot take) stops at once. Both show on the issue's page, where the owner can retry.
 * With several instances each claims a write-back before writing it, so exactly one writes it.
 */
@ApplicationScoped
class WriteBacks {

    static final int MAX_ATTEMPTS = 8;
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofHours(1);
    /** How long a claim holds: longer than the few calls of one write-back take. */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final int BATCH = 20;
    private static final Logger LOG = Logger.getLogger(WriteBacks.class);

    /** The owner's pages follow a write-back's state; never its card (the issue shows its final estimate anyway). */
    record Synced(long issueId, String state) {
    }

    private final Database db;
    private final GroupEvents events;
    private final GroupService groups;
    private final IssueService issues;
    private final SecretBox secrets;
    private final Outbound out;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "estimator-writeback");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    WriteBacks(Database db, GroupEvents events, GroupService groups, IssueService issues, SecretBox secrets,
            Outbound out) {
        this.db = db;
        this.events = events;
        this.groups = groups;
        this.issues = issues;
        this.secrets = secrets;
        this.out = out;
    }

    /** In the lock's transaction: the final estimate is to be written back once the lock commits. */
    void onLocked(@Observes IssueLocked locked) {
        Issue issue = locked.issue();
        db.write(tx -> {
            TrackerStore.writeBack(tx, issue.id(), issue.groupId(), issue.origin().trackerId(), issue.origin().key(),
                    issue.finalEstimate(), System.currentTimeMillis());
            tx.afterCommit(this::wake);
            return null;
        });
    }

    Optional<TrackerService.WriteBackView> view(long issueId) {
        return db.read(q -> TrackerStore.writeBackOf(q, issueId)).map(w -> {
            String tracker = db.read(q -> TrackerStore.find(q, w.groupId())).filter(c -> c.id() == w.trackerId())
                    .map(c -> c.kind().label).orElse("the tracker");
            return new TrackerService.WriteBackView(tracker, w.card(), w.state().name(), w.attempts(),
                    w.state() == TrackerStore.State.PENDING ? w.nextAt() : null, w.message(), w.updatedAt());
        });
    }

    /** Makes the issue's write-back due now, from its first attempt; false when it has none. */
    boolean retry(long issueId) {
        Optional<TrackerStore.WriteBack> job = db.read(q -> TrackerStore.writeBackOf(q, issueId));
        if (job.isEmpty()) {
            return false;
        }
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, job.get().groupId());
            if (TrackerStore.retry(tx, issueId, System.currentTimeMillis())) {
                log.add(GroupEvents.TRACKER_SYNC, new Synced(issueId, TrackerStore.State.PENDING.name()));
            }
            tx.afterCommit(this::wake);
            return null;
        });
        return true;
    }

    /** The safety net: write-backs that are due again, or were left by an instance that stopped. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        wake();
    }

    /** Has the worker write what is due, once more if it is already at it. */
    void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    runDue();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // shutting down
            }
        }
    }

    private void runDue() {
        try {
            long now = System.currentTimeMillis();
            List<TrackerStore.WriteBack> due = db.read(q -> TrackerStore.due(q, now, BATCH));
            for (TrackerStore.WriteBack job : due) {
                long claim = now + CLAIM.toMillis();
                if (db.write(tx -> TrackerStore.claim(tx, job.issueId(), now, claim))) {
                    attempt(job, claim);
                }
            }
            if (due.size() == BATCH) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Writing final estimates back failed (the next run tries again): %s", e.toString());
        }
    }

    private void attempt(TrackerStore.WriteBack job, long claim) {
        int attempts = job.attempts() + 1;
        long now;
        TrackerStore.State state;
        long next = 0;
        String message = null;
        try {
            if (!stillLocked(job)) {
                db.write(tx -> {
                    TrackerStore.dropWriteBack(tx, job.issueId());
                    return null;
                });
                return;
            }
            write(job);
            state = TrackerStore.State.DONE;
            now = System.currentTimeMillis();
        } catch (TrackerFailure e) {
            now = System.currentTimeMillis();
            boolean again = e.retry() && attempts < MAX_ATTEMPTS;
            state = again ? TrackerStore.State.PENDING : TrackerStore.State.FAILED;
            next = again ? now + delay(attempts, e.retryAfterSeconds()) : 0;
            message = e.retry() && !again
                    ? "Gave up after " + attempts + " attempts: " + e.getMessage()
                    : e.getMessage();
            LOG.infof("Write-back of issue %d: %s", job.issueId(), message);
        }
        TrackerStore.State result = state;
        long at = now;
        long nextAt = next;
        String said = message;
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, job.groupId());
            if (TrackerStore.finish(tx, job.issueId(), claim, result, attempts, nextAt, said, at)) {
                log.add(GroupEvents.TRACKER_SYNC, new Synced(job.issueId(), result.name()));
            }
            return null;
        });
    }

    /** Whether the issue still holds the final estimate to write (a restart since voids it). */
    private boolean stillLocked(TrackerStore.WriteBack job) {
        try {
            Issue issue = issues.require(job.groupId(), job.issueId());
            return issue.state() == Issue.State.LOCKED && job.card().equals(issue.finalEstimate());
        } catch (ApiError gone) {
            return false;
        }
    }

    private void write(TrackerStore.WriteBack job) {
        Connection c = db.read(q -> TrackerStore.find(q, job.groupId())).filter(x -> x.id() == job.trackerId())
                .orElseThrow(() -> TrackerFailure.permanent(
                        "The tracker connection this issue came through was removed or replaced"));
        if (c.savedBy() != groups.find(job.groupId()).ownerId()) {
            throw TrackerFailure.permanent("The tracker connection was saved by a former owner of the group: the "
                    + "owner saves it again with their token, then retries");
        }
        String token;
        try {
            token = secrets.open(c.tokenSecret(), Connection.context(c.groupId()));
        } catch (ApiError e) {
            throw TrackerFailure.permanent(e.getMessage());
        }
        TrackerApi api = TrackerApi.of(c, token, out);
        try {
            api.writeBack(job.key(), job.card());
        } finally {
            keepPointsField(api);
        }
    }

    /** Remembers the story points field a call looked up (Jira), so it is looked up once per connection. */
    void keepPointsField(TrackerApi api) {
        String found = api.foundPointsField();
        if (found != null) {
            db.write(tx -> {
                TrackerStore.pointsField(tx, api.connection.id(), found);
                return null;
            });
        }
    }

    /** The wait before attempt {@code attempts + 1}: doubling from 30 s up to an hour, or longer if the tracker asks. */
    static long delay(int attempts, long retryAfterSeconds) {
        long backoff = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(attempts - 1, 20));
        return Math.max(backoff, retryAfterSeconds * 1000);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
