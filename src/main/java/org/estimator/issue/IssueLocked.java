package org.estimator.issue;

/**
 * An issue imported through a tracker connection was locked with its final estimate: a CDI event,
 * observed synchronously inside the lock's transaction (so the write-back is recorded exactly when
 * the lock commits), without issue/ knowing about trackers.
 */
public record IssueLocked(Issue issue) {
}
