package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.options.LoadState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A list longer than one page: page links under it, usable by keyboard and screen reader at a
 * laptop's and a phone's width, keeping the state filter.
 */
class PagingBrowserTest extends BrowserTest {

    /** 250 plugins unpacked by hand into the plugins folder, then listed. */
    private void manyPlugins() {
        // Each folder is complete before it is moved in, so the folder watch never sees half a plugin.
        Path folder = server().server().console().folders().root();
        try {
            Path staging = Files.createDirectories(temp.resolve("staging"));
            for (int i = 1; i <= 250; i++) {
                String id = String.format("paged-%03d", i);
                Files.createDirectories(staging.resolve(id));
                Files.writeString(staging.resolve(id).resolve("plugin.json"),
                        String.format("{\"id\":\"%s\",\"name\":\"Paged %03d\",\"version\":\"1.0.0\"}", id, i));
                Files.move(staging.resolve(id), folder.resolve(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server().server().console().plugins().refresh();
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {DESKTOP_WIDTH, PHONE_WIDTH})
    void pageLinksLeadThroughALongList(int width) {
        useWidth(width);
        manyPlugins();
        ConsolePage console = signIn();
        assertThat(console.rows()).hasCount(100);
        assertThat(page.locator("#pager-summary")).hasText("Showing 1-100 of 250 plugins");
        assertThat(page.locator("#page-1")).hasAttribute("aria-current", "page");
        check("the first page of a long list");

        page.locator("#page-next").click();
        assertThat(page).hasURL(url(HOME + "?page=2"));
        assertThat(console.rows()).hasCount(100);
        assertThat(console.row("paged-101")).isVisible();
        assertThat(page.locator("#page-2")).hasAttribute("aria-current", "page");

        page.locator("#page-3").focus();
        page.keyboard().press("Enter");
        assertThat(page).hasURL(url(HOME + "?page=3"));
        assertThat(console.rows()).hasCount(50);
        assertThat(page.locator("#page-next")).hasCount(0);
        check("the last page of a long list");

        page.locator("#filter-disabled").click();
        assertThat(page).hasURL(url(HOME + "?state=disabled"));
        page.locator("#page-2").click();
        assertThat(page).hasURL(url(HOME + "?state=disabled&page=2"));
        assertThat(page.locator("#filter-disabled")).hasAttribute("aria-current", "true");
        assertThat(console.row("paged-150")).isVisible();
    }

    private void check(String state) {
        page.waitForLoadState(LoadState.LOAD);
        assertAccessible(state);
        assertNoSidewaysScroll(state);
    }
}
