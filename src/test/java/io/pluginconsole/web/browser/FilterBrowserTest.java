package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter over installed plugins: as you type with the script, on submit without it. */
class FilterBrowserTest extends BrowserTest {

    @BeforeEach
    void installThree() {
        install("alpha", "Alpha Reports");
        install("beta", "Beta Calendar");
        install("gamma", "Gamma Polls");
    }

    @Test
    void typingHidesRowsThatDoNotMatch() {
        ConsolePage console = signIn();
        assertThat(console.rows()).hasCount(3);

        console.filter().fill("calendar");

        assertThat(console.row("beta")).isVisible();
        assertThat(console.row("alpha")).isHidden();
        assertThat(console.row("gamma")).isHidden();

        console.filter().fill("gam");

        assertThat(console.row("gamma")).isVisible();
        assertThat(console.row("beta")).isHidden();

        console.filter().fill("");

        assertThat(console.row("alpha")).isVisible();
        assertThat(console.row("beta")).isVisible();
        assertThat(console.row("gamma")).isVisible();
    }

    @Test
    void withoutScriptSubmittingShowsOnlyMatches() {
        useScript(false);
        ConsolePage console = signIn();

        console.filter().fill("calendar");
        page.locator("#filter-submit").click();

        assertThat(page).hasURL(url(HOME + "?q=calendar"));
        assertThat(console.rows()).hasCount(1);
        assertThat(console.row("beta")).isVisible();

        console.filter().fill("nothing-like-this");
        page.locator("#filter-submit").click();

        assertThat(console.rows()).hasCount(0);
        assertThat(page.locator("#no-matches")).hasText("No plugins match the filter.");
    }

    private void install(String id, String name) {
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"version\":\"1.0.0\"}";
        preinstall(Bundles.write(temp, id + ".tar.gz", id, manifest));
    }
}
