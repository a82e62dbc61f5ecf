package io.pluginconsole.web.browser;

import io.pluginconsole.plugins.install.InstallSource;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the browser tests: one Playwright and one headless Debian Chromium per test class, a
 * fresh browser context (cookies, storage) and a fresh server per test. Every page still open at
 * the end of a test, passed or failed, is saved as a full-page screenshot under
 * {@code target/screenshots/}.
 */
public abstract class BrowserTest {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    static final String HOME = "/admin_console/plugins/plugin_management";
    // No sandbox: CI runs as root. The rest keeps Chromium from calling out on a closed network.
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic");

    private static Playwright playwright;
    private static Browser browser;

    @TempDir
    Path temp;
    private TestServer server;
    private BrowserContext context;
    protected Page page;

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("The browser tests drive Debian's Chromium at " + CHROMIUM
                    + ": install it with apt-get install -y chromium (.ci/run does).");
        }
        // The driver must never try to download a browser of its own: there is no internet in CI.
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
        // Two cores shared with other builds: allow for a slow page rather than fail on it.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext() {
        openContext(true);
    }

    private void openContext(boolean script) {
        context = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(script));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
    }

    /**
     * Every console form must work without JavaScript too: with {@code false} this test goes on in
     * a fresh context (signed out) with scripts off. Call it before signing in.
     */
    protected void useScript(boolean script) {
        if (!script) {
            context.close();
            openContext(false);
        }
    }

    @AfterEach
    void closeContext(TestInfo test) {
        try {
            screenshotOpenPages(test);
        } finally {
            try {
                context.close();
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private void screenshotOpenPages(TestInfo test) {
        String name = getClass().getSimpleName() + "-" + testName(test);
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Page> pages = context.pages();
        for (int i = 0; i < pages.size(); i++) {
            Path file = SCREENSHOTS.resolve(name + (i == 0 ? "" : "-" + (i + 1)) + ".png");
            try {
                pages.get(i).screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true)
                        .setTimeout(10_000));
            } catch (PlaywrightException e) {
                // A page that cannot be drawn must not hide the test's own result.
                System.err.println("No screenshot " + file + ": " + e.getMessage());
            }
        }
    }

    /** The method name, plus the arguments of a parameterized test so runs do not overwrite each other. */
    private static String testName(TestInfo test) {
        String method = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        String display = test.getDisplayName();
        if (display.startsWith(method + "(")) {
            return method;
        }
        return method + "-" + display.replaceAll("[^A-Za-z0-9._=-]+", "_").replaceAll("^_|_$", "");
    }

    /** The server with admin and user, uploads on; started on first use. */
    protected TestServer server() {
        if (server == null) {
            server = TestServer.start(temp.resolve("server"));
        }
        return server;
    }

    /** A server with extra MM_* overrides; call before {@link #server()}. */
    protected TestServer startServer(Map<String, String> overrides, boolean withUsers) {
        if (server != null) {
            throw new IllegalStateException("The server of this test is already running");
        }
        server = TestServer.start(temp.resolve("server"), overrides, withUsers);
        return server;
    }

    protected String url(String path) {
        return server().url() + path;
    }

    /** Fills and posts the real sign-in form. */
    protected void submitSignIn(String loginId, String password) {
        page.navigate(url("/login"));
        page.locator("#login_id").fill(loginId);
        page.locator("#password").fill(password);
        page.locator("#login-submit").click();
    }

    /** Signs in as the administrator and waits for Plugin Management. */
    protected ConsolePage signIn() {
        submitSignIn(TestServer.ADMIN, TestServer.PASSWORD);
        assertThat(page).hasURL(url(HOME));
        // The page's scripts attach their handlers on DOMContentLoaded; act only after that.
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
        return new ConsolePage(page);
    }

    /** Desktop and phone widths: every page must work at both. */
    static final int DESKTOP_WIDTH = 1366;
    static final int PHONE_WIDTH = 390;

    /** Sets the page's width (the height of a laptop or a phone to go with it). */
    protected void useWidth(int width) {
        page.setViewportSize(width, width >= 1000 ? 768 : 844);
    }

    /**
     * axe-core's audit of the page as it is now: fails on any critical or serious violation,
     * naming the rule, its help text and the elements. The script is evaluated through the
     * browser's debugging protocol, which the console's Content-Security-Policy does not govern.
     */
    protected void assertAccessible(String state) {
        page.evaluate(Axe.source());
        Object found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                + ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '"
                + " + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))");
        org.assertj.core.api.Assertions.assertThat((List<?>) found)
                .as("axe-core, %s, %d px wide, %s", state, page.viewportSize().width, page.url()).isEmpty();
    }

    /** Nothing is wider than the window: no sideways scrolling of the whole page. */
    protected void assertNoSidewaysScroll(String state) {
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> pair = (List<?>) widths;
        org.assertj.core.api.Assertions.assertThat(((Number) pair.get(0)).intValue())
                .as("page width of %s at %d px (%s)", state, page.viewportSize().width, page.url())
                .isLessThanOrEqualTo(((Number) pair.get(1)).intValue());
    }

    /** axe-core's script, installed from the npm registry once per build (src/test/js/axe). */
    private static final class Axe {
        private static String source;

        static synchronized String source() {
            if (source == null) {
                Path project = io.pluginconsole.testing.NodeProjects.install("axe", "axe-core/axe.min.js");
                try {
                    source = Files.readString(project.resolve("node_modules/axe-core/axe.min.js"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return source;
        }
    }

    /** Installs a bundle behind the page's back, for tests of what comes after installing. */
    protected void preinstall(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            server().server().console().plugins().install(in, InstallMode.IF_NEW, InstallSource.UPLOAD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundle file named {@code <id>-<version>.tar.gz} in this test's temp folder. */
    protected Path bundle(String id, String version) {
        return Bundles.write(temp, id, version);
    }
}
