package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown addresses: Mattermost's AppError JSON on the API, the console's error page elsewhere. */
class NotFoundTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        admin = "MMAUTHTOKEN=" + server.token(TestServer.ADMIN);
        server.server().console().plugins().install(new ByteArrayInputStream(TarBuilder.plugin("com.example.sidebar",
                """
                {"id": "com.example.sidebar", "name": "Sidebar Entry", "version": "1.0.0",
                 "settings_schema": {"settings": [{"key": "Greeting", "type": "text", "display_name": "Greeting"}]}}
                """).tarGz()), InstallMode.ALWAYS, InstallSource.UPLOAD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unknownApiRoutesAnswerAppErrorJson() {
        for (String path : new String[]{"/api/v4/nothing-here", "/api/v4/plugins/x/y/z", "/api/v5/plugins"}) {
            Api.Response r = api.get(path, Api.bearer(server.token(TestServer.ADMIN)));
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.header("Content-Type")).as(path).isEqualTo("application/json");
            assertThat(r.json().path("id").asText()).as(path).isEqualTo("api.context.404.app_error");
            assertThat(r.json().path("status_code").asInt()).isEqualTo(404);
        }
        Api.Response post = api.post("/api/v4/nothing-here", "{}", Api.bearer(server.token(TestServer.ADMIN)));
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.json().path("id").asText()).isEqualTo("api.context.404.app_error");
    }

    @Test
    void unknownConsolePathsShowTheErrorPageWithTheSidebar() {
        Api.Response r = api.get("/admin_console/plugins/nothing_here", "Cookie", admin);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).doesNotContain("Endpoint GET").contains("<html lang=\"en\"")
                .contains("<title>Page not found - Plugin Console</title>")
                .contains("id=\"nav-server-logs\"").contains("Sidebar Entry")
                .contains("id=\"error-back\" href=\"/admin_console/plugins/plugin_management\"");
    }

    @Test
    void anonymousVisitorsGetThePageWithoutNamingPlugins() {
        Api.Response r = api.get("/no/such/page");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("Endpoint GET").contains("Page not found")
                .doesNotContain("Sidebar Entry").doesNotContain("nav-server-logs");
    }

    @Test
    void serverLogsKeepsThePluginEntriesInTheSidebar() {
        Api.Response r = api.get("/admin_console/reporting/server_logs", "Cookie", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<html lang=\"en\"").contains("Sidebar Entry")
                .contains("href=\"/admin_console/plugins/plugin_com.example.sidebar\"");
    }
}
