package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import io.pluginconsole.testing.TestPlugins;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Enabling a plugin that takes long to start never holds the page: the button says what it is
 * doing, the page soon says "Starting...", and the outcome shows by itself when the start ends.
 */
class StartFeedbackBrowserTest extends BrowserTest {
    private static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(45_000);
    private static final LocatorAssertions.HasAttributeOptions SLOW_ATTR =
            new LocatorAssertions.HasAttributeOptions().setTimeout(45_000);

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void aPluginThatNeverHandshakesShowsStartingThenItsFailure(boolean script) {
        useScript(script);
        startServer(Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "12"), true);
        Path bundle = TestPlugins.http("com.example.silent", "silent", "").tarGz(temp.resolve("silent.tar.gz"));
        preinstall(bundle);
        ConsolePage console = signIn();
        String id = "#enable-com\\.example\\.silent";

        if (script) {
            // What the button shows while its request runs, seen without letting this submission navigate.
            Object seen = page.evaluate("() => new Promise(done => { const b = document.querySelector('"
                    + id.replace("\\", "\\\\") + "'); b.form.addEventListener('submit', e => e.preventDefault());"
                    + " b.form.requestSubmit(b); setTimeout(() => done([b.textContent, b.disabled,"
                    + " b.form.getAttribute('aria-busy')]), 50); })");
            org.assertj.core.api.Assertions.assertThat(seen).isEqualTo(java.util.List.of("Enabling...", true, "true"));
            page.reload();
        }
        page.locator(id).click();

        // The page answers long before the 12 s start timeout, saying the start goes on.
        assertThat(console.flash()).hasText(Pattern.compile("Starting com\\.example\\.silent\\.\\.\\. .*"));
        assertThat(console.row("com.example.silent")).hasAttribute("data-state", "1");

        // Then, with no click, the outcome.
        assertThat(console.row("com.example.silent")).hasAttribute("data-state", "3", SLOW_ATTR);
        assertThat(console.flash()).hasText(Pattern.compile("com\\.example\\.silent is enabled but failed to start\\. "
                + "The plugin did not print its handshake line within 12 s\\..*"), SLOW);
    }
}
