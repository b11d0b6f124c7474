package org.estimator.issue;

import java.util.Map;

/** How many estimates each issue of a group has this round (implemented by estimate/, which depends on issue/). */
public interface EstimateCounts {

    Map<Long, Integer> countsByIssue(long groupId);
}
