package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import io.pluginconsole.testing.TarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's pictures of the console, taken from a real server with a few plugins in the
 * usual states, so they show the console as it is. They are written to {@code docs/screenshots/}
 * on every run; commit them when they change.
 */
class ReadmeScreenshotsBrowserTest extends BrowserTest {
    static final Path DOCS = Paths.get("docs", "screenshots");

    @Test
    void pluginManagementSettingsOverwriteReviewAndLogs() throws Exception {
        Files.createDirectories(DOCS);
        useWidth(DESKTOP_WIDTH);
        startServer(Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"), true);
        preinstall(standup("""
                {"header": "Posts a **daily stand-up** reminder. See the [guide](https://example.com/standup).",
                 "settings": [
                  {"key": "Channel", "display_name": "Channel", "type": "text", "default": "town-square",
                   "help_text": "The channel that gets the reminder, for example `town-square`."},
                  {"key": "Time", "display_name": "Time of day", "type": "dropdown", "default": "09:00",
                   "options": [{"display_name": "09:00", "value": "09:00"}, {"display_name": "10:00", "value": "10:00"}]},
                  {"key": "Weekends", "display_name": "Remind on weekends", "type": "bool", "default": false,
                   "help_text": "When **true**, reminders are posted on Saturdays and Sundays too."},
                  {"key": "Token", "display_name": "Webhook secret", "type": "generated",
                   "help_text": "Sent with every reminder so the receiving side can check it."}]}"""));
        preinstall(write("com.example.polls", "Polls", "1.4.0", "Quick polls with one slash command."));
        preinstall(write("com.example.jira-bridge", "Jira Bridge", "4.1.0", "Create and link Jira issues."));
        ConsolePage console = signIn();
        page.locator("#enable-com\\.example\\.standup").click();
        assertThat(console.row("com.example.standup")).hasAttribute("data-state", "2");
        page.locator("#enable-com\\.example\\.jira-bridge").click();
        assertThat(console.row("com.example.jira-bridge")).hasAttribute("data-state", "3");
        page.navigate(url(HOME));
        shoot("plugin-management.png", true);

        useWidth(PHONE_WIDTH);
        page.reload();
        shoot("plugin-management-phone.png", false);
        useWidth(DESKTOP_WIDTH);

        console.upload(Bundles.write(temp, "polls-1.5.0.tar.gz", "com.example.polls",
                manifest("com.example.polls", "Polls", "1.5.0", "Quick polls with one slash command.")));
        assertThat(console.overwriteDialog()).isVisible();
        shoot("overwrite-review.png", false);

        page.navigate(url("/admin_console/plugins/plugin_com.example.standup"));
        shoot("plugin-settings.png", true);

        page.navigate(url("/admin_console/reporting/server_logs?level=warn"));
        shoot("server-logs.png", false);
    }

    private Path write(String id, String name, String version, String description) {
        return Bundles.write(temp, id + ".tar.gz", id, manifest(id, name, version, description));
    }

    private static String manifest(String id, String name, String version, String description) {
        // A server part that cannot start here, so one plugin shows how a failure looks.
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"description\":\""
                + description + "\",\"homepage_url\":\"https://example.com/" + id + "\"}";
    }

    private void shoot(String name, boolean fullPage) {
        page.waitForLoadState(LoadState.LOAD);
        page.screenshot(new Page.ScreenshotOptions().setPath(DOCS.resolve(name)).setFullPage(fullPage));
    }

    /** A plugin with a webapp part (so it runs when enabled) and the given settings schema. */
    private Path standup(String schema) {
        String id = "com.example.standup";
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"Stand-up Reminders\",\"version\":\"2.3.1\","
                + "\"description\":\"Reminds a channel of its daily stand-up.\","
                + "\"webapp\":{\"bundle_path\":\"webapp/main.js\"},\"settings_schema\":" + schema + "}";
        return TarBuilder.plugin(id, manifest).file(id + "/webapp/main.js", "window.registerPlugin('" + id + "', {});")
                .tarGz(temp.resolve("standup.tar.gz"));
    }
}
