package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploading a plugin that is already installed asks before replacing it, with and without the script. */
class OverwriteDialogBrowserTest extends BrowserTest {

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void anUpgradeIsConfirmedThenInstalled(boolean script) {
        useScript(script);
        ConsolePage console = signIn();
        console.upload(bundle("demo", "1.0.0"));
        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-1.0.0.tar.gz");

        console.upload(bundle("demo", "2.0.0"));

        assertThat(console.overwriteDialog()).isVisible();
        assertThat(page.locator("#overwrite-title")).hasText("Overwrite existing plugin?");
        assertThat(page.locator("#overwrite-id")).hasText("demo");
        assertThat(page.locator("#overwrite-installed")).hasText("1.0.0");
        assertThat(page.locator("#overwrite-uploaded")).hasText("2.0.0");
        assertThat(page.locator("#overwrite-direction")).hasAttribute("data-direction", "upgrade");
        assertThat(page.locator("#overwrite-direction")).hasText("This upload upgrades the installed plugin.");

        page.locator("#overwrite-confirm").click();

        assertThat(console.flash()).hasText("Successfully updated plugin from demo-2.0.0.tar.gz");
        assertThat(console.overwriteDialog()).hasCount(0);
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 2.0.0)");
        assertThat(installedVersion("demo")).isEqualTo("2.0.0");
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

    private String installedVersion(String id) {
        return server().server().console().plugins().find(id).orElseThrow().plugin().manifest().version();
    }
}
