package io.tandem.app.console;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium (the system's {@code /usr/bin/chromium}, launched by Playwright with the flags a root process
 * without network needs) on one console: opens its pages, reloads a page until it shows something, takes
 * screenshots into {@code target/screenshots}. Every confirmation dialog is accepted.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;
    private final BrowserContext context;
    private final Page page;
    private final String baseUrl;

    private ConsoleBrowser(String baseUrl) {
        this.baseUrl = baseUrl;
        this.playwright = Playwright.create();
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(FLAGS));
        this.context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900)
                .setAcceptDownloads(true));
        this.page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onDialog(dialog -> dialog.accept());
    }

    static ConsoleBrowser open(String baseUrl) {
        return new ConsoleBrowser(baseUrl);
    }

    Page page() {
        return page;
    }

    /** Opens {@code path} (relative to the console's root) and waits until the page has loaded. */
    Page go(String path) {
        page.navigate(baseUrl + path);
        return page;
    }

    /** Opens {@code path} again and again until {@code shown} holds for the page (the console samples periodically). */
    Page goUntil(String path, Predicate<Page> shown) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            go(path);
            return shown.test(page);
        });
        return page;
    }

    /** Signs in through the login page and waits for the page it leads to. */
    Page signIn(String user, String password) {
        go("/login");
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#sign-in").click();
        page.waitForLoadState();
        return page;
    }

    /**
     * Posts {@code form} to {@code path} with this browser's session cookie and the CSRF token of the page open now,
     * as a form of the console would, without following a redirect.
     */
    APIResponse post(String path, Map<String, String> form) {
        FormData data = FormData.create().set("_csrf", page.locator("meta[name=csrf-token]").getAttribute("content"));
        form.forEach(data::set);
        return page.request().post(baseUrl + path, RequestOptions.create().setForm(data).setMaxRedirects(0));
    }

    /** Whether the text of the first element matching {@code selector} contains {@code text}. */
    static boolean shows(Page page, String selector, String text) {
        return page.locator(selector).count() > 0 && page.locator(selector).first().innerText().contains(text);
    }

    /** A full-page screenshot as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        context.close();
        browser.close();
        playwright.close();
    }
}
