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
        assertThat(page.locator("#no-matches")).hasText("No plugins match.");
    }

    @Test
    void typingAwayEveryRowSaysNothingMatches() {
        ConsolePage console = signIn();
        assertThat(page.locator("#no-matches")).isHidden();

        console.filter().fill("nothing-like-this");

        assertThat(console.row("alpha")).isHidden();
        assertThat(page.locator("#no-matches")).isVisible();
        assertThat(page.locator("#no-matches")).hasText("No plugins match.");

        console.filter().fill("alp");
        assertThat(page.locator("#no-matches")).isHidden();
    }

    @Test
    void stateChipsCountAndFilterWithAndWithoutScript() {
        preinstall(bundle("broken", "1.0.0"));
        preinstall(Bundles.webapp(temp, "runs", "1.0.0"));
        ConsolePage console = signIn();
        page.locator("#enable-broken").click();
        assertThat(console.row("broken")).hasAttribute("data-state", "3");
        page.locator("#enable-runs").click();
        assertThat(console.row("runs")).hasAttribute("data-state", "2");

        assertThat(page.locator("#filter-all .chip-count")).hasText("5");
        assertThat(page.locator("#filter-running .chip-count")).hasText("1");
        assertThat(page.locator("#filter-failed .chip-count")).hasText("1");
        assertThat(page.locator("#filter-disabled .chip-count")).hasText("3");

        page.locator("#filter-failed").click();
        assertThat(page).hasURL(url(HOME + "?state=failed"));
        assertThat(console.rows()).hasCount(1);
        assertThat(console.row("broken")).isVisible();
        assertThat(page.locator("#filter-failed")).hasAttribute("aria-current", "true");
        // The failure box names the reason and leads to the plugin's lines on Server Logs.
        assertThat(page.locator("#logs-broken")).hasAttribute("href",
                "/admin_console/reporting/server_logs?plugin_id=broken");

        page.locator("#filter-disabled").click();
        assertThat(console.rows()).hasCount(3);
        console.filter().fill("gamma");
        page.locator("#filter-submit").click();
        assertThat(page).hasURL(url(HOME + "?state=disabled&q=gamma"));
        assertThat(console.rows()).hasCount(1);
    }

    @Test
    void rowsAreCompactAndLinkHomepageAndReleaseNotes() {
        preinstall(Bundles.write(temp, "github.tar.gz", "github", "{\"id\":\"github\",\"name\":\"GitHub\","
                + "\"homepage_url\":\"https://example.com/github\"}"));
        preinstall(Bundles.write(temp, "jira.tar.gz", "jira", "{\"id\":\"jira\",\"name\":\"Jira\",\"version\":\"4.1.0\","
                + "\"release_notes_url\":\"https://example.com/jira/releases/v4.1.0\","
                + "\"description\":\"" + "A long description of what this plugin does. ".repeat(10) + "\"}"));
        ConsolePage console = signIn();

        // A manifest without a version shows its id alone, not "(github - )".
        assertThat(console.row("github").locator(".plugin-id")).hasText("(github)");
        assertThat(console.row("github").locator("a.plugin-name")).hasAttribute("href", "https://example.com/github");
        assertThat(console.row("jira").locator(".plugin-release-notes")).hasAttribute("href",
                "https://example.com/jira/releases/v4.1.0");
        // Two lines per plugin (a third for its warnings): a long description is cut to one line.
        for (String id : new String[]{"alpha", "jira"}) {
            org.assertj.core.api.Assertions.assertThat(console.row(id).boundingBox().height).as(id).isLessThan(64);
        }
        org.assertj.core.api.Assertions.assertThat(console.row("github").boundingBox().height).isLessThan(90);
    }

    private void install(String id, String name) {
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"version\":\"1.0.0\"}";
        preinstall(Bundles.write(temp, id + ".tar.gz", id, manifest));
    }
}
