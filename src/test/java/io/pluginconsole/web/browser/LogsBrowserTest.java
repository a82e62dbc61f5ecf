package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Server Logs: reached from the sidebar, filtered by text, level and plugin, downloaded. */
class LogsBrowserTest extends BrowserTest {
    static final String LOGS = "/admin_console/reporting/server_logs";
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void logSomething() {
        server();
        Logger runtime = LoggerFactory.getLogger("io.pluginconsole.plugins.runtime.ProcessRuntime");
        MDC.put("plugin_id", "com.example.alpha");
        MDC.put("source", "plugin_stdout");
        try {
            runtime.info("alpha started " + run);
            runtime.error("alpha lost its database " + run);
        } finally {
            MDC.clear();
        }
        Logger other = LoggerFactory.getLogger(LogsBrowserTest.class);
        other.warn("certificate expires soon " + run);
        other.info("routine housekeeping " + run);
    }

    private Locator rows() {
        return page.locator("#log-table .log-row");
    }

    @Test
    void filtersByTextLevelAndPlugin() {
        signIn();
        page.locator("#nav-server-logs").click();
        assertThat(page).hasURL(url(LOGS));
        assertThat(page.locator("h1")).hasText("Server Logs");
        assertThat(page.locator("#nav-server-logs")).hasClass("active");

        page.locator("#log-text").fill("CERTIFICATE Expires SOON " + run);
        page.locator("#log-filter-submit").click();
        assertThat(rows()).hasCount(1);
        assertThat(rows().first()).containsText("certificate expires soon " + run);
        assertThat(rows().first().locator(".log-level")).hasText("WARN");

        page.locator("#log-text").fill(run);
        page.locator("#log-level").selectOption("ERROR");
        page.locator("#log-filter-submit").click();
        assertThat(page.locator("#log-level")).hasValue("ERROR");
        assertThat(rows()).hasCount(1);
        assertThat(rows().first()).containsText("alpha lost its database " + run);
        assertThat(rows().first().locator(".log-plugin")).hasText("com.example.alpha");

        page.locator("#log-level").selectOption("");
        page.locator("#log-plugin").fill("com.example.alpha");
        page.locator("#log-filter-submit").click();
        assertThat(rows()).hasCount(2);
        assertThat(rows().nth(0)).containsText("alpha lost its database " + run);
        assertThat(rows().nth(1)).containsText("alpha started " + run);
        assertThat(rows().nth(1).locator(".log-origin")).hasText("plugin_stdout");

        page.locator("#log-text").fill("nothing like this " + run);
        page.locator("#log-filter-submit").click();
        assertThat(rows()).hasCount(0);
        assertThat(page.locator("#log-empty")).hasText("No log entries match the filters.");

        page.locator("#log-filter-clear").click();
        assertThat(page).hasURL(url(LOGS));
        assertThat(page.locator("#log-table")).containsText("routine housekeeping " + run);
    }

    @Test
    void downloadsTheLogFile() throws Exception {
        signIn();
        page.navigate(url(LOGS));
        Download download = page.waitForDownload(() -> page.locator("#log-download").click());
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).isEqualTo("plugin-console.log");
        String content = Files.readString(download.path());
        org.assertj.core.api.Assertions.assertThat(content).contains("alpha lost its database " + run);
    }
}
