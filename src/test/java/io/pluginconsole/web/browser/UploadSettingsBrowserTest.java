package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When uploads are off the upload and URL forms are disabled and say why. Checked with the script
 * off too, since the script disables Upload on its own until a file is chosen.
 */
class UploadSettingsBrowserTest extends BrowserTest {

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void uploadsOffInConfigDisableBothForms(boolean script) {
        startServer(Map.of("MM_PLUGINSETTINGS_ENABLEUPLOADS", "false"), true);
        useScript(script);
        ConsolePage console = signIn();

        assertThat(page.locator("#enable-uploads")).hasText("false");
        assertFormsDisabled(console);
        assertThat(console.uploadHelp()).containsText("Enable plugin uploads in config.json");
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void requiringSignaturesAsksForASignatureFileAndDisablesTheUrlForm(boolean script) {
        useScript(script);
        ConsolePage console = signIn();
        assertThat(console.fileInput()).isEnabled();

        page.locator("#require-signature-true").check();
        page.locator("#save-settings").click();

        assertThat(console.flash()).hasText("Settings saved.");
        assertThat(page.locator("#require-signature-true")).isChecked();
        // Signed uploads still work; unsigned ones and URL installs do not.
        assertThat(console.fileInput()).isEnabled();
        assertThat(page.locator("#signature-file")).isEnabled();
        assertThat(page.locator("#signature-file")).hasAttribute("required", "required");
        assertThat(console.urlInput()).isDisabled();
        assertThat(console.installButton()).isDisabled();
        assertThat(console.uploadHelp()).containsText("Plugin uploads are off for unsigned bundles because Require "
                + "Plugin Signature is on: plugins must be signed.");
        assertThat(server().server().console().config().current().pluginSettings().requirePluginSignature())
                .isTrue();

        page.locator("#require-signature-false").check();
        page.locator("#save-settings").click();

        assertThat(console.flash()).hasText("Settings saved.");
        assertThat(console.fileInput()).isEnabled();
        assertThat(console.installButton()).isEnabled();
        assertThat(page.locator("#signature-file")).not().hasAttribute("required", "required");
        assertThat(console.uploadHelp()).hasText("Upload a plugin bundle (.tar.gz) for this server.");
    }

    private void assertFormsDisabled(ConsolePage console) {
        assertThat(console.fileInput()).isDisabled();
        assertThat(console.uploadButton()).isDisabled();
        assertThat(console.urlInput()).isDisabled();
        assertThat(console.installButton()).isDisabled();
        assertThat(page.locator("label[for=plugin-file]")).hasClass("btn disabled");
    }
}
