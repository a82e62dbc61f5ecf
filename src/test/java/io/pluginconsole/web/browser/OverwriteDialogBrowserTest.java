package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploading a plugin that is already installed asks before replacing it, with and without the script. */
class OverwriteDialogBrowserTest extends BrowserTest {

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void anUpgradeIsConfirmedThenInstalled(boolean script) throws IOException {
        useScript(script);
        ConsolePage console = signIn();
        Path v1 = bundle("demo", "1.0.0");
        console.upload(v1);
        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-1.0.0.tar.gz");
        Path v2 = bundle("demo", "2.0.0");

        console.upload(v2);

        assertThat(console.overwriteDialog()).isVisible();
        assertThat(page.locator("#overwrite-title")).hasText("Overwrite existing plugin?");
        assertThat(page.locator("#overwrite-id")).hasText("demo");
        assertThat(page.locator("#overwrite-installed")).hasText("1.0.0");
        assertThat(page.locator("#overwrite-uploaded")).hasText("2.0.0");
        assertThat(page.locator("#overwrite-direction")).hasAttribute("data-direction", "upgrade");
        assertThat(page.locator("#overwrite-direction")).hasText("This upload upgrades the installed plugin.");
        assertThat(page.locator("#overwrite-uploaded-sha256")).isVisible();
        assertThat(page.locator("#overwrite-uploaded-sha256")).hasText(sha256(v2));
        assertThat(page.locator("#overwrite-installed-sha256")).hasText(sha256(v1));
        assertThat(page.locator("#overwrite-source")).hasText("demo-2.0.0.tar.gz");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*\\?overwrite=[a-z0-9]+$"));

        page.locator("#overwrite-confirm").click();

        assertThat(console.flash()).hasText("Successfully updated plugin from demo-2.0.0.tar.gz");
        assertThat(console.overwriteDialog()).hasCount(0);
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 2.0.0)");
        assertThat(installedVersion("demo")).isEqualTo("2.0.0");
        assertThat(server().server().console().plugins().find("demo").orElseThrow().plugin().record().sha256())
                .isEqualTo(sha256(v2));
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void aDowngradeWarnsAndCancelKeepsTheInstalledVersion(boolean script) {
        useScript(script);
        ConsolePage console = signIn();
        console.upload(bundle("demo", "2.0.0"));
        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-2.0.0.tar.gz");

        console.upload(bundle("demo", "1.0.0"));

        assertThat(console.overwriteDialog()).isVisible();
        assertThat(page.locator("#overwrite-installed")).hasText("2.0.0");
        assertThat(page.locator("#overwrite-uploaded")).hasText("1.0.0");
        assertThat(page.locator("#overwrite-direction")).hasAttribute("data-direction", "downgrade");
        assertThat(page.locator("#overwrite-direction"))
                .hasText("This upload appears to downgrade the existing plugin. Downgrades can remove fixes or features.");

        page.locator("#overwrite-cancel").click();

        assertThat(page).hasURL(url(HOME));
        assertThat(console.overwriteDialog()).hasCount(0);
        assertThat(console.flash()).hasCount(0);
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 2.0.0)");
        assertThat(installedVersion("demo")).isEqualTo("2.0.0");
    }

    static String sha256(Path bundle) throws IOException {
        return Workspace.sha256(Files.readAllBytes(bundle));
    }

    private String installedVersion(String id) {
        return server().server().console().plugins().find(id).orElseThrow().plugin().manifest().version();
    }
}
