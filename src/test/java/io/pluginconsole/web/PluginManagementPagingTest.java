package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long plugin list is shown 100 plugins a page, with page links that keep the state filter and
 * the search; the API still lists every plugin, as Mattermost's does.
 */
class PluginManagementPagingTest {
    static final String HOME = "/admin_console/plugins/plugin_management";
    static final int PLUGINS = 230;
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static PluginSettingsPageTest.Browser admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root);
        api = new Api(server.url());
        PluginSettingsPageTest.api = api;
        admin = PluginSettingsPageTest.signIn(TestServer.ADMIN);
        // Unpacked by hand, as an administrator with many plugins might have them.
        // Each folder is complete before it is moved in, so the folder watch never sees half a plugin.
        Path folder = server.server().console().folders().root();
        Path staging = Files.createDirectories(root.resolve("staging"));
        for (int i = 1; i <= PLUGINS; i++) {
            String id = String.format("com.example.paged-%03d", i);
            Files.createDirectories(staging.resolve(id));
            Files.writeString(staging.resolve(id).resolve("plugin.json"), String.format(
                    "{\"id\":\"%s\",\"name\":\"Paged %03d\",\"version\":\"1.0.0\"}", id, i));
            Files.move(staging.resolve(id), folder.resolve(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        server.server().console().plugins().refresh();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String page(String query) {
        Api.Response r = api.get(HOME + query, "Cookie", admin.cookies());
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<li class=\"plugin\" data-plugin-id=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void aLongListIsShownAHundredPluginsAPage() {
        String first = page("");
        assertThat(rows(first)).hasSize(100).first().isEqualTo("com.example.paged-001");
        assertThat(first).contains("aria-label=\"Pages of installed plugins\"")
                .contains("Showing 1-100 of 230 plugins")
                .containsPattern("<a[^>]*href=\"" + Pattern.quote(HOME) + "\"[^>]*aria-current=\"page\"[^>]*>1</a>")
                .contains("href=\"" + HOME + "?page=2\"").contains("href=\"" + HOME + "?page=3\"")
                .contains("id=\"page-next\"").doesNotContain("id=\"page-previous\"");
        // Every plugin is counted in the chips, not only the shown page.
        assertThat(first).containsPattern("id=\"filter-all\"[^>]*>\\s*<span>All</span> <span class=\"chip-count\">230</span>");

        String last = page("?page=3");
        assertThat(rows(last)).hasSize(30).first().isEqualTo("com.example.paged-201");
        assertThat(last).contains("Showing 201-230 of 230 plugins").contains("id=\"page-previous\"")
                .doesNotContain("id=\"page-next\"")
                .containsPattern("<a[^>]*aria-current=\"page\"[^>]*>3</a>");
    }

    @Test
    void pageLinksKeepTheFilterAndTheSearch() {
        String html = page("?state=disabled&q=paged-&page=2");
        assertThat(rows(html)).hasSize(100).first().isEqualTo("com.example.paged-101");
        assertThat(html).contains("href=\"" + HOME + "?state=disabled&amp;q=paged-&amp;page=3\"")
                .contains("href=\"" + HOME + "?state=disabled&amp;q=paged-\"")
                .contains("Showing 101-200 of 230 plugins");
        // The filter form keeps the state; a new search starts again at page 1.
        assertThat(html).contains("<input type=\"hidden\" name=\"state\" value=\"disabled\">");
        assertThat(rows(page("?state=running&q=paged-&page=2"))).isEmpty();
        // A narrower search fits on one page: no page links.
        String narrow = page("?q=paged-02");
        assertThat(rows(narrow)).hasSize(10);
        assertThat(narrow).doesNotContain("id=\"pager\"");
    }

    @Test
    void aPageNumberOutOfRangeShowsTheNearestPage() {
        assertThat(rows(page("?page=99"))).hasSize(30).first().isEqualTo("com.example.paged-201");
        assertThat(rows(page("?page=nonsense"))).hasSize(100).first().isEqualTo("com.example.paged-001");
        assertThat(rows(page("?page=-4"))).hasSize(100).first().isEqualTo("com.example.paged-001");
    }

    @Test
    void theApiStillListsEveryPlugin() {
        Api.Response r = api.get("/api/v4/plugins", Api.bearer(server.token(TestServer.ADMIN)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("inactive").size() + r.json().path("active").size()).isEqualTo(PLUGINS);
    }
}
