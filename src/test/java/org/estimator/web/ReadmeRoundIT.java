package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A round in the browser", done with the packaged jar exactly as the README starts it
 * (production mode, so the cookies are Secure, on http://localhost) and two browsers, through the
 * pages only.
 */
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class ReadmeRoundIT {

    @TempDir
    Path dir;

    @Test
    void anOwnerAndAGuestRunARoundThroughThePagesOfTheProductionJar() throws Exception {
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            String base = jar.url("").replace("127.0.0.1", "localhost");
            Browser owner = Browser.open(base).go("/register");
            owner.fill("nickname", "Olivia").fill("email", "olivia@example.test")
                    .fill("password", "a long enough password").fill("password2", "a long enough password")
                    .submit("form[action='/register']");
            owner.waitText("#signed-in-as", "Olivia");
            owner.fill("group-name", "Readme team").submit("form[action='/groups']");
            owner.waitText("#group-name", "Readme team");
            owner.fill("story-ref", "README-1").fill("description", "Follow the README");
            owner.click("form[data-api$='/issues'] button[type=submit]");
            owner.waitText("#issues", "README-1");
            // A team of two shows the review from the first card (README, step 3).
            owner.fill("review-min-cards", "1").submit("form[data-api$='/settings']");
            owner.waitText("#group-name", "Readme team");
            owner.click("#new-invite");
            owner.until(d -> !owner.attribute("#invite-url", "value").isEmpty());
            String link = owner.attribute("#invite-url", "value");

            Browser guest = Browser.open(base);
            guest.driver.get(link.replace("127.0.0.1", "localhost"));
            guest.fill("guest-nickname", "Gus").submit("form[action$='/guest']");
            guest.waitText("#group-name", "Readme team");
            owner.waitText("#members", "Gus");

            String issue = owner.attribute("#issues a.story", "href");
            owner.driver.get(issue);
            owner.live();
            guest.driver.get(issue);
            guest.live();
            guest.click("button.playing-card[value='5']");
            owner.waitText("#progress", "1 of 2");
            owner.waitText("#review-suggested", "5");
            owner.click("#lock");
            guest.waitText("#final-estimate", "Final estimate 5");
        }
        assertThat(dir.resolve("data/estimator.sqlite")).exists();
    }
}
