package org.estimator.web;

import org.estimator.support.Api;

/**
 * An owner, a group with one more member, and one issue: where most browser tests of a round start.
 * Such a small group shows the review from the first card (its owner lowered {@code reviewMinCards}).
 */
record Round(Api.User owner, String group, Api.User member, long issue) {

    static Round of(String owner, String member, String storyRef) {
        Api.User o = Api.register(owner);
        String group = Api.createGroup(o);
        Api.settings(o, group, java.util.Map.of("reviewMinCards", 1));
        return new Round(o, group, Api.member(o, group, member), Api.addIssue(o, group, storyRef));
    }

    /** The owner locks the issue at that final estimate. */
    void lock(int value) {
        owner.req().body(java.util.Map.of("value", value)).post(Api.group(group) + "/issues/" + issue + "/lock")
                .then().statusCode(204);
    }

    /** The group's page. */
    String groupPath() {
        return "/group/" + Links.segment(group);
    }

    /** The issue's page. */
    String path() {
        return groupPath() + "/issues/" + issue;
    }
}
