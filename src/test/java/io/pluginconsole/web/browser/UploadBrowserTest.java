package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.pluginconsole.testing.TarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploading a bundle from the file chooser, with the page's script and without it. */
class UploadBrowserTest extends BrowserTest {

    @Test
    void withScriptTheChosenFileShowsAndUploadInstallsIt() {
        ConsolePage console = signIn();
        assertThat(console.uploadButton()).isDisabled();

        console.choose(bundle("demo", "1.0.0"));
        assertThat(console.chosenFile()).hasText("demo-1.0.0.tar.gz");
        assertThat(console.uploadButton()).isEnabled();
        console.uploadButton().click();

        assertInstalled(console);
    }

    @Test
    void withoutScriptTheFormPostsTheFile() {
        useScript(false);
        ConsolePage console = signIn();
        // Only the script disables Upload until a file is chosen.
        assertThat(console.uploadButton()).isEnabled();

        console.upload(bundle("demo", "1.0.0"));

        assertInstalled(console);
    }

    private void assertInstalled(ConsolePage console) {
        assertThat(page).hasURL(url(HOME));
        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-1.0.0.tar.gz");
        assertThat(console.flash()).hasClass("alert alert-success");
        assertThat(console.row("demo")).hasAttribute("data-state", "0");
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 1.0.0)");
        assertThat(console.row("demo").locator(".state-label")).hasText("Not running");
        assertThat(console.row("demo").locator(".state-description")).hasText("This plugin is not enabled.");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeSending() throws Exception {
        startServer(Map.of("MM_FILESETTINGS_MAXFILESIZE", "2000"), true);
        ConsolePage console = signIn();
        assertThat(page.locator("#upload-limit")).hasText("Largest bundle accepted: 2000 bytes.");
        Path big = bigBundle();

        console.choose(big);

        assertThat(console.chosenFile()).hasText("big-1.0.0.tar.gz");
        assertThat(console.uploadStatus()).hasText("This file is " + Files.size(big)
                + " bytes; the largest bundle accepted is 2000 bytes.");
        assertThat(console.uploadButton()).isDisabled();

        // A file within the limit makes Upload usable again.
        console.choose(bundle("demo", "1.0.0"));
        assertThat(console.uploadStatus()).isEmpty();
        assertThat(console.uploadButton()).isEnabled();
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void aFileThatIsNotABundleShowsWhatIsWrong(boolean script) throws Exception {
        useScript(script);
        ConsolePage console = signIn();
        Path notABundle = Files.writeString(temp.resolve("notes.tar.gz"), "just some text, not gzip");

        console.upload(notABundle);

        assertThat(console.flash()).hasClass("alert alert-danger");
        assertThat(console.flash()).containsText("Encountered an error when extracting the plugin.");
        assertThat(console.noPlugins()).hasText("No installed plugins.");
    }

    /** A valid bundle of about 8 KB: random bytes do not compress. */
    private Path bigBundle() {
        byte[] noise = new byte[8000];
        new Random(1).nextBytes(noise);
        return TarBuilder.plugin("big", TarBuilder.manifest("big", "1.0.0")).file("big/assets/noise.bin", noise)
                .tarGz(temp.resolve("big-1.0.0.tar.gz"));
    }
}
