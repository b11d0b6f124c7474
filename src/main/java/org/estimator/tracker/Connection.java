package org.estimator.tracker;

/**
 * A group's connection to its tracker, as stored: the token only sealed (see {@link SecretBox}).
 *
 * @param query Jira: the JQL; GitHub and GitLab: labels, comma-separated (null: the project's open issues)
 * @param milestone GitHub only: a milestone's title or number
 * @param email Jira Cloud only: the account the API token belongs to
 * @param pointsField Jira only: the story points field's id (null until discovered)
 * @param comment GitHub only: also comment the final estimate on the issue
 * @param savedBy the owner who saved it: the connection works while that member owns the group
 */
record Connection(long id, long groupId, Kind kind, String baseUrl, String project, String query, String milestone,
        String email, String tokenSecret, String pointsField, boolean comment, long savedBy, long savedAt) {

    /** The trackers, with their name and the address of their public service (null: there is none). */
    enum Kind {

        JIRA_CLOUD("Jira", null), JIRA_DATA_CENTER("Jira", null), GITHUB("GitHub",
                "https://api.github.com"), GITLAB("GitLab", "https://gitlab.com");

        final String label;
        final String defaultUrl;

        Kind(String label, String defaultUrl) {
            this.label = label;
            this.defaultUrl = defaultUrl;
        }

        boolean jira() {
            return this == JIRA_CLOUD || this == JIRA_DATA_CENTER;
        }
    }

    /** What the token is bound to when sealed: its group. */
    static String context(long groupId) {
        return "tracker:" + groupId;
    }

    Connection withPointsField(String field) {
        return new Connection(id, groupId, kind, baseUrl, project, query, milestone, email, tokenSecret, field, comment,
                savedBy, savedAt);
    }
}
