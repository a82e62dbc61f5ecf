package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's settings page in the browser: saving, errors beside fields, and webapp plugins drawing on it. */
class PluginSettingsBrowserTest extends BrowserTest {
    static final String SCHEMA = """
            {"header": "Settings of the demo plugin.",
             "settings": [
               {"key": "Greeting", "display_name": "Greeting:", "type": "text", "default": "hello"},
               {"key": "MaxItems", "display_name": "Max items:", "type": "number", "default": 30},
               {"key": "Mode", "display_name": "Mode:", "type": "dropdown", "default": "fast",
                "options": [{"display_name": "Fast", "value": "fast"}, {"display_name": "Safe", "value": "safe"}]},
               {"key": "Layout", "display_name": "Layout:", "type": "custom"}
             ]}
            """;

    static final String SCRIPT = """
            window.registerPlugin('demo', {
              initialize: function (registry, store) {
                registry.registerSettingsSection(function (element, props) {
                  var h = document.createElement('h2');
                  h.id = 'demo-section';
                  h.textContent = 'Drawn by ' + props.pluginId + ', greeting ' + props.settings.greeting;
                  element.appendChild(h);
                });
                registry.registerAdminConsoleCustomSetting('Layout', function (element, props) {
                  var b = document.createElement('button');
                  b.type = 'button';
                  b.id = 'layout-two-columns';
                  b.textContent = 'Two columns (now ' + JSON.stringify(props.value) + ')';
                  b.addEventListener('click', function () { props.setValue({columns: 2}); });
                  element.appendChild(b);
                });
                // A Mattermost hook this console does not have is accepted and ignored.
                registry.registerChannelHeaderButtonAction('icon', function () {}, 'Demo');
              }
            });
            """;

    @Test
    void aNumberThatIsNotANumberIsRefusedBesideItsFieldThenSaved() {
        preinstall(Bundles.write(temp, "demo.tar.gz", "demo",
                "{\"id\":\"demo\",\"name\":\"Demo\",\"version\":\"1.0.0\",\"settings_schema\":" + SCHEMA + "}"));
        signIn();
        page.locator("#settings-demo").click();
        assertThat(page).hasURL(url("/admin_console/plugins/plugin_demo"));
        assertThat(page.locator("#plugin-settings-title")).hasText("Demo");
        assertThat(page.locator(".sidebar a.plugin-link.active")).hasText("Demo");
        assertThat(page.locator("#setting-maxitems")).hasValue("30");

        page.locator("#setting-greeting").fill("Good morning");
        page.locator("#setting-maxitems").fill("abc");
        page.locator("#save-plugin-settings").click();

        assertThat(page.locator("#setting-maxitems-error")).hasText("Enter a number, such as 10 or 2.5.");
        assertThat(page.locator("#form-error")).containsText("Nothing was saved.");
        assertThat(page.locator("#setting-maxitems")).hasValue("abc");
        assertThat(page.locator("#setting-greeting")).hasValue("Good morning");
        assertThat(stored("demo")).isNull();

        page.locator("#setting-maxitems").fill("42");
        page.locator("#setting-mode").selectOption("safe");
        page.locator("#save-plugin-settings").click();

        assertThat(page.locator("#flash")).hasText("Settings saved.");
        assertThat(page.locator("#setting-maxitems-error")).hasCount(0);
        page.reload();
        assertThat(page.locator("#setting-maxitems")).hasValue("42");
        assertThat(page.locator("#setting-greeting")).hasValue("Good morning");
        assertThat(page.locator("#setting-mode")).hasValue("safe");
        assertThat(page.locator("#flash")).hasCount(0);
        assertThat(stored("demo")).containsEntry("maxitems", 42L).containsEntry("greeting", "Good morning")
                .containsEntry("mode", "safe");
    }

    @Test
    void withoutAWebappComponentACustomSettingShowsMattermostsFallback() {
        preinstall(Bundles.write(temp, "demo.tar.gz", "demo",
                "{\"id\":\"demo\",\"name\":\"Demo\",\"version\":\"1.0.0\",\"settings_schema\":" + SCHEMA + "}"));
        signIn();
        page.navigate(url("/admin_console/plugins/plugin_demo"));
        assertThat(page.locator("[data-custom-setting=Layout] .custom-fallback"))
                .hasText("In order to view this setting, enable the plugin and click Save.");
        assertThat(page.locator("#plugin-webapp-sections")).isEmpty();
    }

    @Test
    void aRunningWebappPluginDrawsItsSectionAndItsCustomSetting() {
        preinstall(Bundles.webapp(temp, "demo", "1.0.0", SCHEMA, SCRIPT));
        server().server().console().plugins().enable("demo");
        signIn();
        page.navigate(url("/admin_console/plugins/plugin_demo"));

        assertThat(page.locator("#demo-section")).hasText("Drawn by demo, greeting hello");
        assertThat(page.locator("[data-custom-setting=Layout] .custom-fallback")).isHidden();
        assertThat(page.locator("#layout-two-columns")).hasText("Two columns (now null)");

        page.locator("#layout-two-columns").click();
        page.locator("#save-plugin-settings").click();

        assertThat(page.locator("#flash")).hasText("Settings saved.");
        assertThat(stored("demo")).containsEntry("layout", Map.of("columns", 2));
        assertThat(page.locator("#layout-two-columns")).hasText("Two columns (now {\"columns\":2})");
    }

    private Map<String, Object> stored(String id) {
        return server().server().console().config().current().pluginSettings().plugins().get(id);
    }
}
