package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every signed-in console page is drawn by templates/layout.html: one head, sidebar and message slot. */
class ConsoleLayoutTest {
    static final String MANAGEMENT = "/admin_console/plugins/plugin_management";
    static final String SETTINGS = "/admin_console/plugins/plugin_demo";
    static final String LOGS = "/admin_console/reporting/server_logs";
    static final List<String> CONSOLE_TEMPLATES = List.of("plugins/plugin_management.html",
            "plugins/plugin_settings.html", "logs/server_logs.html", "error.html");

    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String cookie;
    static String csrf;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        String manifest = "{\"id\":\"demo\",\"name\":\"Demo\",\"version\":\"1.0.0\",\"settings_schema\":{"
                + "\"settings\":[{\"key\":\"Greeting\",\"display_name\":\"Greeting\",\"type\":\"text\"}]}}";
        server.server().console().plugins().install(new ByteArrayInputStream(
                TarBuilder.plugin("demo", manifest).tarGz()), InstallMode.IF_NEW, InstallSource.UPLOAD);
        String token = server.token(TestServer.ADMIN);
        cookie = "MMAUTHTOKEN=" + token;
        csrf = server.server().accounts().auth().authenticate(token, false).orElseThrow().session().csrfToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The frame every console page shares, with the given sidebar entry marked. */
    private static void assertFramed(String html, String title, String activeEntry) {
        assertThat(html).contains("<title>" + title + " - Plugin Console</title>");
        assertThat(count(html, "<nav class=\"sidebar\"")).isEqualTo(1);
        assertThat(count(html, "id=\"main\"")).isEqualTo(1);
        assertThat(count(html, "<form class=\"signout\" method=\"post\" action=\"/logout\">")).isEqualTo(1);
        assertThat(html).contains("name=\"csrf\" value=\"" + csrf + "\"");
        assertThat(html).contains("/static/js/plugin-registry.js");
        assertThat(html).containsPattern("data-plugin-id=\"demo\"[^>]*>Demo<|>Demo</a>");
        String sidebar = html.substring(html.indexOf("<nav class=\"sidebar\""));
        sidebar = sidebar.substring(0, sidebar.indexOf("</nav>"));
        assertThat(count(sidebar, "class=\"[^\"]*\\bactive\"")).as("active sidebar entries").isEqualTo(
                activeEntry == null ? 0 : 1);
        if (activeEntry != null) {
            assertThat(sidebar).containsPattern("class=\"[^\"]*active\"[^>]*>" + activeEntry + "<|" + activeEntry
                    + "\"[^>]*class=\"active\"");
        }
    }

    @Test
    void everyConsolePageIsDrawnInTheSameFrame() {
        String management = api.get(MANAGEMENT, "Cookie", cookie).body();
        assertFramed(management, "Plugin Management", "Plugin Management");
        assertThat(management).contains("<main class=\"content\" id=\"main\">");

        String settings = api.get(SETTINGS, "Cookie", cookie).body();
        assertFramed(settings, "Demo", "Demo");
        assertThat(settings).contains("<main class=\"content\" id=\"main\" data-plugin-id=\"demo\">");

        String logs = api.get(LOGS, "Cookie", cookie).body();
        assertThat(logs).contains("<main class=\"content content-wide\" id=\"main\">");
        assertThat(logs).containsPattern("id=\"nav-server-logs\" class=\"active\"");

        Api.Response missing = api.get(SETTINGS + "_missing", "Cookie", cookie);
        assertThat(missing.status()).isEqualTo(404);
        assertFramed(missing.body(), "Page not found", null);
        assertThat(missing.body()).contains("<h1 class=\"page-header\">Page not found</h1>")
                .contains("id=\"error-message\"");

        // Signed out, the error page is a plain card without the console's frame.
        Api.Response anonymous = api.get("/no/such/page");
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(anonymous.body()).contains("<body class=\"narrow\">").contains("<main class=\"card\" id=\"main\">")
                .doesNotContain("class=\"sidebar\"").doesNotContain("/logout");
    }

    @Test
    void theOneShotMessageAppearsOnceBelowThePageHeading() {
        for (String page : List.of(MANAGEMENT, SETTINGS)) {
            String action = page.equals(MANAGEMENT) ? MANAGEMENT + "/plugin/demo/disable" : SETTINGS + "/disable";
            Api.Response done = api.send("POST", action, HttpRequest.BodyPublishers.ofString("csrf=" + csrf),
                    "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie);
            assertThat(done.status()).isEqualTo(303);
            String html = api.get(page, "Cookie", cookie).body();
            assertThat(count(html, "id=\"flash\"")).as(page).isEqualTo(1);
            assertThat(html.indexOf("id=\"flash\"")).as(page).isGreaterThan(html.indexOf("class=\"page-header\""));
            assertThat(html).as(page).contains("Disabled Demo.");
            assertThat(api.get(page, "Cookie", cookie).body()).as(page).doesNotContain("id=\"flash\"");
        }
    }

    /** The head, sidebar and message markup exist once, in the layout; console pages only call it. */
    @Test
    void theFrameIsWrittenOnceInTheLayout() throws IOException {
        Path templates = Path.of("templates");
        String layout = Files.readString(templates.resolve("layout.html"));
        assertThat(layout).contains("th:fragment=\"page(").contains("class=\"sidebar\"").contains("id=\"flash\"");
        for (String name : CONSOLE_TEMPLATES) {
            assertThat(Files.readString(templates.resolve(name))).as(name).contains("~{layout :: page(");
        }
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".html"))::iterator) {
                if (file.getFileName().toString().equals("layout.html")) {
                    continue;
                }
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain("id=\"flash\"").doesNotContain("class=\"sidebar\"")
                        .doesNotContain("<link rel=\"stylesheet\"");
            }
        }
    }
}
