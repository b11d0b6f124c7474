package org.estimator.support;

import java.nio.file.Path;
import java.util.ArrayList;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Photographs every browser still open when a test fails (target/screenshots/<test>-<n>.png), then
 * closes the test's browsers whatever the outcome, so a failure in CI shows what a user would have seen.
 */
public class BrowserScreenshots implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        int n = 0;
        for (Browser b : new ArrayList<>(Browser.OPEN)) {
            b.screenshot(
                    Path.of("target", "screenshots", context.getRequiredTestMethod().getName() + "-" + (++n) + ".png"));
        }
        closeAll();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        closeAll();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        closeAll();
    }

    private static void closeAll() {
        for (Browser b : new ArrayList<>(Browser.OPEN)) {
            b.close();
        }
    }
}
