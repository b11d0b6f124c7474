package org.estimator.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique names, so tests sharing one database never see each other's rows. */
public final class Names {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private Names() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + NEXT.incrementAndGet();
    }
}
