package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plugins with a real server process: enabled from the page, running, failing with a reason. */
class RunningPluginBrowserTest extends BrowserTest {
    private static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(30_000);

    private Path httpBundle(String id, String mode) {
        return TestPlugins.http(id, mode, "").tarGz(temp.resolve(id + ".tar.gz"));
    }

    @Test
    void enablingAServerPluginShowsItRunningAndItAnswers() {
        startServer(Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"), true);
        preinstall(httpBundle("com.example.echo", "healthy"));
        ConsolePage console = signIn();

        page.locator("#enable-com\\.example\\.echo").click();

        assertThat(console.row("com.example.echo").locator(".state-label")).hasText("Running", SLOW);
        assertThat(console.row("com.example.echo").locator(".state-description")).hasText("This plugin is running.");
        page.navigate(url("/plugins/com.example.echo/hello"));
        assertThat(page.locator("body")).containsText("uri=/hello");
        // A plugin page is shown, but its script cannot run in the console's origin.
        page.navigate(url("/plugins/com.example.echo/script.html"));
        assertThat(page.locator("#out")).hasText("script did not run");

        page.navigate(url(HOME));
        page.locator("#disable-com\\.example\\.echo").click();
        assertThat(console.row("com.example.echo").locator(".state-label")).hasText("Not running");
        org.assertj.core.api.Assertions.assertThat(RunningPlugins.pluginProcesses()).isEmpty();
    }

    @Test
    void aServerPluginThatFailsShowsItsError() {
        startServer(Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"), true);
        preinstall(httpBundle("com.example.exits", "exit"));
        ConsolePage console = signIn();

        page.locator("#enable-com\\.example\\.exits").click();

        assertThat(console.row("com.example.exits").locator(".state-label")).hasText("Failed to start", SLOW);
        assertThat(console.row("com.example.exits").locator(".state-description")).hasText(
                "This plugin failed to start. The plugin process exited with code 3 before its handshake.");
        // The outcome of the start is the page's message, in red, not a green "Enabled".
        assertThat(console.flash()).hasClass(java.util.regex.Pattern.compile(".*alert-danger.*"));
        assertThat(console.flash()).hasText("com.example.exits is enabled but failed to start. The plugin process "
                + "exited with code 3 before its handshake. Its own output is on Server Logs.");
        // The plugin's own last words on stderr are in the failure box.
        assertThat(page.locator("#stderr-com\\.example\\.exits")).containsText("test plugin cannot start: missing license");
        // The failure box leads to the plugin's own lines on Server Logs.
        page.locator("#logs-com\\.example\\.exits").click();
        assertThat(page.locator("#log-plugin")).hasValue("com.example.exits");
    }
}
