package org.estimator.db;

import org.jboss.logging.Logger;

/** Runs a start-up warm-up of queries; a database that is not there yet only makes it skip. */
public final class QueryWarmup {

    private static final Logger LOG = Logger.getLogger(QueryWarmup.class);

    private QueryWarmup() {
    }

    public static void run(Runnable warmUp) {
        try {
            warmUp.run();
        } catch (RuntimeException e) {
            LOG.debugf("Query warm-up skipped: %s", e.toString());
        }
    }
}
