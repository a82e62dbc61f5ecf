package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text from a bundle (manifest fields, file name) is shown as text and never runs. */
class ManifestEscapingBrowserTest extends BrowserTest {
    private static final String NAME = "<script>window.pwned=1</script>";
    private static final String DESCRIPTION = "<img src=x onerror=\"window.pwned=1\">";
    private static final String FILE_NAME = "<img src=x onerror=window.pwned=1>.tar.gz";

    @Test
    void markupInTheManifestShowsAsText() throws Exception {
        String manifest = new ObjectMapper().writeValueAsString(Map.of("id", "xss", "name", NAME,
                "description", DESCRIPTION, "version", "1.0.0"));
        Path bundle = Bundles.write(temp, FILE_NAME, "xss", manifest);
        ConsolePage console = signIn();

        console.upload(bundle);

        assertThat(console.flash()).hasText("Successfully uploaded plugin from " + FILE_NAME);
        assertThat(console.row("xss").locator(".plugin-name")).hasText(NAME);
        assertThat(console.row("xss").locator(".plugin-description")).hasText(DESCRIPTION);
        assertThat(console.row("xss").locator("script, img")).hasCount(0);
        assertNothingRan();

        page.locator("#remove-xss").click();

        assertThat(console.removeDialog().locator("strong")).hasText(NAME);
        assertNothingRan();
    }

    private void assertNothingRan() {
        assertThat(page.evaluate("() => typeof window.pwned")).isEqualTo("undefined");
    }
}
