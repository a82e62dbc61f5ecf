package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** System Console > Reporting > Server Logs, and GET /api/v4/logs, against the real server and its log file. */
class LogsPageTest {
    static final String PAGE = "/admin_console/reporting/server_logs";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;
    static String user;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        admin = "MMAUTHTOKEN=" + server.token(TestServer.ADMIN);
        user = "MMAUTHTOKEN=" + server.token(TestServer.USER);
        // What plugin output looks like: ProcessRuntime logs each line with these MDC fields.
        Logger runtime = LoggerFactory.getLogger("io.pluginconsole.plugins.runtime.ProcessRuntime");
        MDC.put("plugin_id", "com.example.alpha");
        MDC.put("source", "plugin_stderr");
        try {
            runtime.info("alpha says hello " + RUN);
            runtime.error("alpha broke " + RUN);
        } finally {
            MDC.clear();
        }
        Logger other = LoggerFactory.getLogger(LogsPageTest.class);
        other.warn("Disk nearly FULL " + RUN);
        other.error("failure with trace " + RUN, new IllegalStateException("inner cause " + RUN));
        other.info("<script>alert(1)</script> " + RUN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Api.Response page(String query, String cookie) {
        return api.get(PAGE + query, "Cookie", cookie);
    }

    private static int rows(String html) {
        return html.split("class=\"log-row\"", -1).length - 1;
    }

    @Test
    void theFileIsJsonLinesInTheLogsFolder() throws Exception {
        Path file = root.resolve("logs/plugin-console.log");
        assertThat(file).isRegularFile();
        JsonNode alpha = null;
        for (String line : Files.readAllLines(file)) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("timestamp") && entry.has("level") && entry.has("message")).as(line).isTrue();
            if (entry.get("message").asText().equals("alpha broke " + RUN)) {
                alpha = entry;
            }
        }
        assertThat(alpha).isNotNull();
        assertThat(alpha.get("plugin_id").asText()).isEqualTo("com.example.alpha");
        assertThat(alpha.get("source").asText()).isEqualTo("plugin_stderr");
        assertThat(alpha.get("level").asText()).isEqualTo("ERROR");
        assertThat(alpha.get("logger").asText()).isEqualTo("io.pluginconsole.plugins.runtime.ProcessRuntime");
    }

    @Test
    void listsWhatTheServerLogged() {
        Api.Response r = page("", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Server Logs").contains("Plugin Console listening on")
                .contains("alpha broke " + RUN).contains("Disk nearly FULL " + RUN)
                .contains("java.lang.IllegalStateException: inner cause " + RUN)
                .contains("id=\"nav-server-logs\"");
        // Untrusted text is escaped.
        assertThat(r.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; " + RUN).doesNotContain("<script>alert(1)");
        // Newest first.
        assertThat(r.body().indexOf("&lt;script&gt;")).isLessThan(r.body().indexOf("Disk nearly FULL " + RUN));
        assertThat(r.body().indexOf("Disk nearly FULL " + RUN)).isLessThan(r.body().indexOf("alpha broke " + RUN));
    }

    @Test
    void filtersFromTheQueryString() {
        String byPlugin = page("?plugin_id=com.example.alpha", admin).body();
        assertThat(rows(byPlugin)).isEqualTo(2);
        assertThat(byPlugin).contains("alpha says hello " + RUN).contains("alpha broke " + RUN)
                .contains("plugin_stderr").doesNotContain("Disk nearly FULL " + RUN);

        String errorsOfPlugin = page("?plugin_id=com.example.alpha&level=ERROR", admin).body();
        assertThat(rows(errorsOfPlugin)).isEqualTo(1);
        assertThat(errorsOfPlugin).contains("alpha broke " + RUN);

        String text = page("?q=disk+nearly+full+" + RUN, admin).body();
        assertThat(rows(text)).isEqualTo(1);
        assertThat(text).contains("Disk nearly FULL " + RUN);

        String warnAndUp = page("?level=WARN&q=" + RUN, admin).body();
        assertThat(warnAndUp).contains("Disk nearly FULL").contains("alpha broke").contains("failure with trace")
                .doesNotContain("alpha says hello").doesNotContain("alert(1)");
        assertThat(warnAndUp).containsPattern("<option value=\"WARN\" selected=\"selected\">");

        String none = page("?q=no-such-text-" + RUN, admin).body();
        assertThat(rows(none)).isZero();
        assertThat(none).contains("No log entries match the filters.");
    }

    @Test
    void pagesKeepTheFilters() {
        String first = page("?q=" + RUN + "&per_page=2", admin).body();
        assertThat(rows(first)).isEqualTo(2);
        assertThat(first).doesNotContain("id=\"log-newer\"");
        Matcher older = Pattern.compile("id=\"log-older\" class=\"btn\" href=\"([^\"]+)\"").matcher(first);
        assertThat(older.find()).isTrue();
        String href = older.group(1).replace("&amp;", "&");
        assertThat(href).contains("page=1").contains("q=" + RUN).contains("per_page=2");

        String second = api.get(href, "Cookie", admin).body();
        assertThat(rows(second)).isEqualTo(2);
        assertThat(second).contains("id=\"log-newer\"").contains("Page 2");
        String third = page("?q=" + RUN + "&per_page=2&page=2", admin).body();
        assertThat(rows(third)).isEqualTo(1);
        assertThat(third).doesNotContain("id=\"log-older\"");
    }

    @Test
    void downloadReturnsTheFile() throws Exception {
        Api.Response r = api.get(PAGE + "/download", "Cookie", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"plugin-console.log\"");
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(r.body()).contains("alpha broke " + RUN);
        for (String line : r.body().split("\n")) {
            JSON.readTree(line);
        }
    }

    @Test
    void onlySystemAdministrators() {
        assertThat(page("", user).status()).isEqualTo(403);
        assertThat(page("", user).body()).doesNotContain(RUN);
        assertThat(api.get(PAGE + "/download", "Cookie", user).status()).isEqualTo(403);
        Api.Response anonymous = api.get(PAGE);
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).startsWith("/login");
        assertThat(api.get(PAGE + "/download").status()).isEqualTo(303);
    }

    @Test
    void apiReturnsLogLines() throws Exception {
        Api.Response r = api.get("/api/v4/logs?page=0&logs_per_page=10000", Api.bearer(server.token(TestServer.ADMIN)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode lines = r.json();
        assertThat(lines.isArray()).isTrue();
        assertThat(lines.toString()).contains("alpha broke " + RUN);
        JSON.readTree(lines.get(0).asText());

        JsonNode one = api.get("/api/v4/logs?logs_per_page=1", Api.bearer(server.token(TestServer.ADMIN))).json();
        assertThat(one).hasSize(1);

        assertThat(api.get("/api/v4/logs", Api.bearer(server.token(TestServer.USER))).status()).isEqualTo(403);
        assertThat(api.get("/api/v4/logs").status()).isEqualTo(401);
    }

    @Test
    void noFileWhenFileLoggingIsOff(@TempDir Path other) {
        try (TestServer off = TestServer.start(other, Map.of("MM_LOGSETTINGS_ENABLEFILE", "false"), true)) {
            LoggerFactory.getLogger(LogsPageTest.class).warn("while file logging is off");
            Api offApi = new Api(off.url());
            String cookie = "MMAUTHTOKEN=" + off.token(TestServer.ADMIN);
            Api.Response r = offApi.get(PAGE, "Cookie", cookie);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("The server log is not written to a file").doesNotContain("id=\"log-download\"");
            assertThat(rows(r.body())).isZero();
            assertThat(offApi.get(PAGE + "/download", "Cookie", cookie).status()).isEqualTo(404);
            assertThat(other.resolve("logs")).doesNotExist();
        }
    }
}
