package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's own pre-packaged plugins on Plugin Management: badge, no Remove link, enabled from the page. */
class PrepackagedBrowserTest extends BrowserTest {
    private static final String BANNER = "com.pluginconsole.welcome-banner";
    private static final String STATUS = "com.pluginconsole.server-status";
    private static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(30_000);

    /** The jar's bundles, offered through the working folder's prepackaged_plugins. */
    private void offerShippedBundles() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("server/prepackaged_plugins"));
        for (String id : new String[] {BANNER, STATUS}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("prepackaged_plugins/" + id + ".tar.gz")) {
                Files.write(folder.resolve(id + ".tar.gz"), in.readAllBytes());
            }
        }
    }

    @Test
    void prepackagedPluginsShowABadgeNoRemoveLinkAndEnableFromThePage() throws IOException {
        offerShippedBundles();
        startServer(Map.of(), true);
        ConsolePage console = signIn();

        for (String id : new String[] {BANNER, STATUS}) {
            assertThat(console.row(id).locator(".badge-prepackaged")).hasText("Pre-packaged");
            assertThat(console.row(id).locator(".remove-link")).hasCount(0);
            assertThat(console.row(id).locator(".prepackaged-note")).hasText(
                    "Pre-packaged with the server; remove the bundle from the prepackaged_plugins folder to remove it.");
        }
        assertThat(console.row(BANNER).locator(".state-label")).hasText("Not running");

        page.locator("#enable-com\\.pluginconsole\\.welcome-banner").click();

        assertThat(console.flash()).hasText("Enabled Welcome Banner.");
        assertThat(console.row(BANNER).locator(".state-label")).hasText("Running", SLOW);
        assertThat(console.row(BANNER).locator(".badge-prepackaged")).hasText("Pre-packaged");
        assertThat(console.row(BANNER).locator(".remove-link")).hasCount(0);

        // its webapp part draws the banner preview on its settings page
        page.locator("#settings-com\\.pluginconsole\\.welcome-banner").click();
        assertThat(page.locator("#welcome-banner .welcome-banner-title")).hasText("Welcome to Plugin Console", SLOW);
    }
}
