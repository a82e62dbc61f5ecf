package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.options.LoadState;
import io.pluginconsole.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page state a person meets, at a laptop's and a phone's width: axe-core finds no critical
 * or serious violation, and no page scrolls sideways.
 */
class AccessibilityBrowserTest extends BrowserTest {
    private static final String SETTINGS_SCHEMA = """
            {"header": "Read **the guide** first.", "settings": [
              {"key": "Mode", "display_name": "Mode", "type": "radio", "default": "a",
               "options": [{"display_name": "Alpha", "value": "a"}, {"display_name": "Beta", "value": "b"}]},
              {"key": "On", "display_name": "Switched on", "type": "bool", "help_text": "When **true**, it is on."},
              {"key": "Level", "display_name": "Level", "type": "dropdown", "default": "x",
               "options": [{"display_name": "X", "value": "x"}, {"display_name": "Y", "value": "y"}]},
              {"key": "Name", "display_name": "Name", "type": "text", "placeholder": "a name"},
              {"key": "Notes", "display_name": "Notes", "type": "longtext"},
              {"key": "Secret", "display_name": "Secret", "type": "generated"}]}""";

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {DESKTOP_WIDTH, PHONE_WIDTH})
    void signedOutPages(int width) {
        useWidth(width);
        startServer(Map.of(), false);
        page.navigate(url("/setup"));
        check("setup");
        page.locator("#setup_token").fill("wrong");
        page.locator("#email").fill("root@example.com");
        page.locator("#username").fill("root");
        page.locator("#password").fill("a-long-enough-password");
        page.locator("#password_confirm").fill("a-long-enough-password");
        page.locator("#setup-submit").click();
        assertThat(page.locator("#setup-error")).isVisible();
        check("setup with an error");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {DESKTOP_WIDTH, PHONE_WIDTH})
    void signInAndErrors(int width) {
        useWidth(width);
        server();
        page.navigate(url("/login"));
        check("sign-in");
        submitSignIn(TestServer.ADMIN, "wrong-password");
        assertThat(page.locator("#login-error")).isVisible();
        check("sign-in with an error");
        page.navigate(url("/no/such/page"));
        check("not found, signed out");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {DESKTOP_WIDTH, PHONE_WIDTH})
    void pluginManagementStates(int width) {
        useWidth(width);
        preinstall(Bundles.webapp(temp, "demo", "1.0.0", SETTINGS_SCHEMA, ""));
        preinstall(bundle("broken", "1.0.0"));
        ConsolePage console = signIn();
        check("plugin management");

        page.locator("#enable-broken").click();
        assertThat(console.row("broken")).hasAttribute("data-state", "3");
        check("a failed plugin and a message");

        page.locator("#remove-demo").click();
        assertThat(console.removeDialog()).isVisible();
        check("the remove dialog");
        page.navigate(url(HOME));

        console.upload(bundle("demo", "2.0.0"));
        assertThat(console.overwriteDialog()).isVisible();
        check("the overwrite review");
        page.navigate(url(HOME));

        console.filter().fill("nothing matches this");
        check("a filter that hides everything");

        page.navigate(url("/admin_console/plugins/no_such_page"));
        check("not found, signed in");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {DESKTOP_WIDTH, PHONE_WIDTH})
    void settingsAndLogs(int width) {
        useWidth(width);
        preinstall(Bundles.webapp(temp, "demo", "1.0.0", SETTINGS_SCHEMA, ""));
        signIn();
        page.navigate(url("/admin_console/plugins/plugin_demo"));
        check("plugin settings");
        page.locator("#setting-name").fill("x".repeat(300));
        page.locator("#setting-notes").fill("a note");
        page.locator("#save-plugin-settings").click();
        check("plugin settings after a save");

        page.navigate(url("/admin_console/reporting/server_logs"));
        check("server logs");
        page.navigate(url("/admin_console/reporting/server_logs?q=nothing-matches-this"));
        check("server logs, nothing matches");
    }

    private void check(String state) {
        page.waitForLoadState(LoadState.LOAD);
        assertAccessible(state);
        assertNoSidewaysScroll(state);
    }
}
