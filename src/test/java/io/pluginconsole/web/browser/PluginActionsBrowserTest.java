package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Enabling, disabling and removing an installed plugin from its row. */
class PluginActionsBrowserTest extends BrowserTest {

    @Test
    void enableThenDisableFlipsTheButtonAndTheConfiguration() {
        preinstall(Bundles.webapp(temp, "demo", "1.0.0"));
        ConsolePage console = signIn();
        assertThat(page.locator("#enable-demo")).hasText("Enable");

        page.locator("#enable-demo").click();

        assertThat(console.flash()).hasText("Enabled demo plugin.");
        assertThat(page.locator("#disable-demo")).hasText("Disable");
        assertThat(page.locator("#enable-demo")).hasCount(0);
        assertThat(console.row("demo").locator(".state-label")).hasText("Running");
        assertThat(console.row("demo").locator(".state-description")).hasText("This plugin is running.");
        assertThat(console.row("demo")).hasAttribute("data-state", "2");
        assertThat(enabledInConfig("demo")).isTrue();

        page.locator("#disable-demo").click();

        assertThat(console.flash()).hasText("Disabled demo plugin.");
        assertThat(page.locator("#enable-demo")).hasText("Enable");
        assertThat(console.row("demo").locator(".state-description")).hasText("This plugin is not enabled.");
        assertThat(enabledInConfig("demo")).isFalse();
    }

    @Test
    void aPluginThatCannotStartShowsWhy() {
        preinstall(bundle("broken", "1.0.0"));
        ConsolePage console = signIn();

        page.locator("#enable-broken").click();

        assertThat(console.row("broken")).hasAttribute("data-state", "3");
        assertThat(console.row("broken").locator(".state-label")).hasText("Failed to start");
        assertThat(console.row("broken").locator(".state-description")).hasText("This plugin failed to start. "
                + "Unable to start plugin: must at least have a web app or server component.");
        assertThat(console.flash()).hasText("broken plugin is enabled but failed to start. Unable to start plugin: "
                + "must at least have a web app or server component. Its own output is on Server Logs.");
        assertThat(page.locator("#disable-broken")).hasText("Disable");
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void removeAsksFirst(boolean script) {
        useScript(script);
        preinstall(bundle("demo", "1.0.0"));
        ConsolePage console = signIn();

        page.locator("#remove-demo").click();
        assertThat(console.removeDialog()).isVisible();
        assertThat(page.locator("#remove-title")).hasText("Remove plugin?");
        assertThat(console.removeDialog()).containsText("Are you sure you would like to remove the plugin demo plugin?");
        page.locator("#remove-cancel").click();

        assertThat(page).hasURL(url(HOME));
        assertThat(console.removeDialog()).hasCount(0);
        assertThat(console.row("demo")).isVisible();

        page.locator("#remove-demo").click();
        page.locator("#remove-confirm").click();

        assertThat(console.flash()).hasText("Removed demo.");
        assertThat(console.rows()).hasCount(0);
        assertThat(console.noPlugins()).hasText("No installed plugins.");
        assertThat(server().server().console().plugins().find("demo")).isEmpty();
    }


    @Test
    void aPluginWithSettingsLinksToThem() {
        String manifest = "{\"id\":\"demo\",\"name\":\"Demo\",\"version\":\"1.0.0\",\"settings_schema\":"
                + "{\"settings\":[{\"key\":\"Greeting\",\"display_name\":\"Greeting\",\"type\":\"text\"}]}}";
        preinstall(Bundles.write(temp, "demo.tar.gz", "demo", manifest));
        signIn();

        assertThat(page.locator("#settings-demo")).hasText("Settings");
        assertThat(page.locator("#settings-demo")).hasAttribute("href", "/admin_console/plugins/plugin_demo");
    }

    private boolean enabledInConfig(String id) {
        return server().server().console().config().current().pluginSettings().isEnabled(id);
    }
}
