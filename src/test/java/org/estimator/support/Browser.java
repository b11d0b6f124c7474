package org.estimator.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's, through Debian's chromedriver: nothing is downloaded) with a
 * fresh profile, pointed at the application under test. Every browser a test opens is remembered so
 * that {@link BrowserScreenshots} can photograph it when the test fails, and closed afterwards.
 */
public final class Browser implements AutoCloseable {

    static final List<Browser> OPEN = new ArrayList<>();

    public final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(String base, int width, int height) {
        this.base = base.replaceAll("/+$", "");
        try {
            profile = Files.createTempDirectory("estimator-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        OPEN.add(this);
    }

    /** A desktop-sized browser. */
    public static Browser open(String base) {
        return new Browser(base, 1280, 900);
    }

    public static Browser phone(String base) {
        Browser b = new Browser(base, 360, 740);
        b.driver.manage().window().setSize(new Dimension(360, 740));
        return b;
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public WebElement id(String id) {
        return driver.findElement(By.id(id));
    }

    public WebElement css(String selector) {
        return driver.findElement(By.cssSelector(selector));
    }

    public List<WebElement> all(String selector) {
        return driver.findElements(By.cssSelector(selector));
    }

    public boolean has(String selector) {
        return !all(selector).isEmpty();
    }

    /** The element's text (read again if the live part was swapped meanwhile). */
    public String text(String selector) {
        return until(d -> css(selector).getText());
    }

    public String attribute(String selector, String name) {
        return until(d -> String.valueOf(css(selector).getAttribute(name)));
    }

    /** Types into a field by its label's target id. */
    public Browser fill(String id, String value) {
        until(d -> {
            WebElement field = id(id);
            field.clear();
            field.sendKeys(value);
            return true;
        });
        return this;
    }

    /**
     * Chooses an option of a select by its value, as a user does: focused first (the live part is not
     * swapped under a focused field), retried while a swap replaces the select, checked afterwards.
     */
    public Browser chooseValue(String id, String value) {
        return choose(id, select -> select.selectByValue(value),
                select -> value.equals(select.getFirstSelectedOption().getAttribute("value")));
    }

    /** As {@link #chooseValue}, by the option's visible text. */
    public Browser chooseText(String id, String text) {
        return choose(id, select -> select.selectByVisibleText(text),
                select -> text.equals(select.getFirstSelectedOption().getText().strip()));
    }

    private Browser choose(String id, Consumer<Select> pick,
            Predicate<Select> chosen) {
        until(d -> {
            WebElement field = id(id);
            script("arguments[0].focus();", field);
            var select = new Select(field);
            pick.accept(select);
            return chosen.test(select);
        });
        return this;
    }

    /**
     * Clicks an element; retried (by {@link #until}) while the page's live part swaps the element for
     * its fresh copy (the event stream refreshes it at any moment, as it should for a user).
     */
    public Browser click(String selector) {
        until(d -> {
            css(selector).click();
            return true;
        });
        return this;
    }

    /** Focuses an element and presses a key, as a keyboard user would. */
    public Browser press(String selector, CharSequence key) {
        until(d -> {
            // Focus only an element still in the page (a swap may just have replaced it).
            Object focused = script(
                    "const e = arguments[0]; e.focus(); return e.isConnected && document.activeElement === e;",
                    css(selector));
            if (!Boolean.TRUE.equals(focused)) {
                return false;
            }
            new org.openqa.selenium.interactions.Actions(driver).sendKeys(key).perform();
            return true;
        });
        return this;
    }

    /** Submits a classic (non-script) form and waits until the browser has left the page. */
    public Browser submit(String formSelector) {
        WebElement button = css(formSelector + " button[type=submit]");
        button.click();
        until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(button));
        return this;
    }

    /**
     * Waits (up to 10 s) until the condition holds; the pages are live, so most checks wait. A
     * condition that throws (element missing, swapped meanwhile, no dialog yet) is tried again.
     */
    public <T> T until(Function<WebDriver, T> condition) {
        return until(condition, Duration.ofSeconds(10));
    }

    /** As {@link #until(Function)}, waiting at most {@code within}: for what a page promises to show that soon. */
    public <T> T until(Function<WebDriver, T> condition, Duration within) {
        return new WebDriverWait(driver, within)
                // The live part may be swapped, or the page replaced, between finding and reading.
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(condition);
    }

    /** Waits until the element exists and its text contains the given text. */
    public void waitText(String selector, String expected) {
        until(d -> css(selector).getText().contains(expected));
    }

    /** Waits until the page's event stream is connected. */
    public Browser live() {
        waitText("#live-status", "Live");
        return this;
    }

    /** Accepts the confirmation dialog a form asks before it acts. */
    public void confirm() {
        until(d -> {
            d.switchTo().alert().accept();
            return true;
        });
    }

    /** The text of the dialog the page shows (a confirmation), once it shows one. */
    public String alertText() {
        String[] text = new String[1];
        until(d -> {
            text[0] = d.switchTo().alert().getText();
            return true;
        });
        return text[0];
    }

    public void dismiss() {
        until(d -> {
            d.switchTo().alert().dismiss();
            return true;
        });
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Signs in through the sign-in page, as a person would. */
    public Browser signIn(Api.User user) {
        go("/signin");
        fill("email", user.email());
        fill("password", Api.PASSWORD);
        submit("form[action='/signin']");
        waitText("#signed-in-as", user.nickname());
        return this;
    }

    /** Renders the pages as a browser set to a dark colour scheme would. */
    public Browser dark() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        return this;
    }

    /** Saves what the browser shows as a PNG file. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + file + " failed: " + e);
        }
    }

    /** A full-page screenshot: the window grows to the page's height first. */
    public void fullScreenshot(Path file) {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) script("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 40)));
        screenshot(file);
        driver.manage().window().setSize(before);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory: the system cleans it eventually
            }
        }
    }
}
