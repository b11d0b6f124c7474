package org.estimator.issue;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An issue as members see it, in the REST answers and on the pages: counts only, never a value or a
 * voter. {@code voters} is never less than {@code estimates} (see {@link Backlog}); {@code revealMode}
 * is the style its round is held in (fixed by the round's first card). {@code deadline}: when its open
 * round closes by itself; {@code lockedAt} and {@code estimatingSeconds} (from its first card to the
 * lock, over all its rounds) are its history once locked. Times are ISO-8601 in UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssueView(long id, String storyRef, String description, String link, String state, int estimates,
        int voters,
        String finalEstimate, boolean fewVoters, int round, int position, Long timerEndsAt,
        String revealMode, String deadline, String lockedAt, Long estimatingSeconds) {

    /** The deadline in epoch milliseconds, for a page's countdown. */
    public Long deadlineMillis() {
        return deadline == null ? null : java.time.Instant.parse(deadline).toEpochMilli();
    }

    /** Estimating goes on (for the pages: a state is never compared as a string there). */
    public boolean open() {
        return Issue.State.valueOf(state) == Issue.State.OPEN;
    }

    public boolean revealed() {
        return Issue.State.valueOf(state) == Issue.State.REVEALED;
    }

    public boolean locked() {
        return Issue.State.valueOf(state) == Issue.State.LOCKED;
    }
}
