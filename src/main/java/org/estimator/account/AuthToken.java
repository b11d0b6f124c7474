package org.estimator.account;

/** A named API token as its owner sees it listed; the token itself is never stored, only its SHA-256. */
record AuthToken(long id, String name, long createdAt, long expiresAt) {

    /**
     * SESSION: from signing in; API: a named personal token for scripts; GUEST: limited to one group;
     * TICKET: opens one event stream of one group, once, within a minute (for EventSource, which
     * cannot send headers: a long-lived token never goes into a URL); DEVICE: a browser's proof that
     * it signed in to the account before, which spares it the sign-in limits that stop guessers
     * (it authenticates nothing).
     */
    enum Kind {
        SESSION, API, GUEST, TICKET, DEVICE
    }
}
