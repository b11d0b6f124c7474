package org.estimator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text files the tests read from src/test/resources. */
public final class TestFiles {

    private TestFiles() {
    }

    /** The UTF-8 text of the resource at {@code path} (e.g. {@code import/jira-cloud.csv}). */
    public static String text(String path) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
