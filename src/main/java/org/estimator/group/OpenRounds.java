package org.estimator.group;

import java.util.List;

/**
 * The rounds with a deadline that are still open in a user's groups, for their home page. Answered by
 * the estimate package (it knows the counts), so that group/ need not know about issues.
 */
public interface OpenRounds {

    /**
     * An open round: its group, issue, how many have estimated of how many vote, when it closes;
     * {@code mine} whether the user has given a card (null when the user does not vote there).
     */
    record Round(String group, String groupPath, long issueId, String storyRef, int estimates, int voters,
            String closesAt, Boolean mine) {
    }

    List<Round> of(long userId);
}
