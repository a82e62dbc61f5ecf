package io.pluginconsole.web;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pluginconsole.db.AuditLog;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mattermost's plugin routes against the real server: status codes, error ids, JSON and headers. */
class PluginsApiTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;
    static String user;
    static HttpServer files;
    static byte[] demo = TarBuilder.plugin("testplugin", manifest("testplugin", "0.0.1")).tarGz();

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1",
                "MM_FILESETTINGS_MAXFILESIZE", "200000"), true);
        api = new Api(server.url());
        admin = server.token(TestServer.ADMIN);
        user = server.token(TestServer.USER);
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/testplugin.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, demo.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(demo);
            }
        });
        files.createContext("/missing.tar.gz", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        files.start();
    }

    @AfterAll
    static void stop() {
        files.stop(0);
        server.close();
    }

    @BeforeEach
    void removeAll() {
        for (var p : server.server().console().plugins().list()) {
            server.server().console().plugins().remove(p.id());
        }
    }

    private static Api.Response upload(String token, byte[] bundle, String force) {
        Api.Multipart form = new Api.Multipart().file("plugin", "plugin.tar.gz", bundle);
        if (force != null) {
            form.field("force", force);
        }
        return api.upload(token, form);
    }

    static void assertAppError(Api.Response r, int status, String id) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        var json = r.json();
        assertThat(json.get("id").asText()).isEqualTo(id);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.has("detailed_error")).isTrue();
        assertThat(json.get("request_id").asText()).hasSize(26).isEqualTo(r.header("X-Request-Id"));
        assertThat(json.get("status_code").asInt()).isEqualTo(status);
    }

    @Test
    void uploadListEnableDisableRemove() {
        Api.Response uploaded = upload(admin, demo, null);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.header("Content-Type")).isEqualTo("application/json");
        assertThat(uploaded.json().get("id").asText()).isEqualTo("testplugin");
        assertThat(uploaded.json().get("version").asText()).isEqualTo("0.0.1");
        assertThat(uploaded.header("X-Request-Id")).hasSize(26);
        assertThat(uploaded.header("X-Version-Id").split("\\.")).hasSizeGreaterThanOrEqualTo(3);

        var list = api.get("/api/v4/plugins", Api.bearer(admin));
        // Mattermost's JS client ignores X-Version-Id on responses with Cache-Control; GETs expire at once
        assertThat(list.header("Cache-Control")).isNull();
        assertThat(list.header("Expires")).isEqualTo("0");

        assertThat(list.json().get("active")).isEmpty();
        assertThat(list.json().get("inactive").get(0).get("id").asText()).isEqualTo("testplugin");

        Api.Response enabled = api.post("/api/v4/plugins/testplugin/enable", null, Api.bearer(admin));
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("status").asText()).isEqualTo("OK");
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("testplugin")).isTrue();

        var statuses = api.get("/api/v4/plugins/statuses", Api.bearer(admin)).json();
        assertThat(statuses.get(0).get("plugin_id").asText()).isEqualTo("testplugin");
        assertThat(statuses.get(0).get("cluster_id").asText()).isEmpty();
        assertThat(statuses.get(0).has("state")).isTrue();
        assertThat(statuses.get(0).get("version").asText()).isEqualTo("0.0.1");

        assertThat(api.post("/api/v4/plugins/testplugin/disable", null, Api.bearer(admin)).status()).isEqualTo(200);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("testplugin")).isFalse();
        assertThat(api.delete("/api/v4/plugins/testplugin", Api.bearer(admin)).status()).isEqualTo(200);
        assertAppError(api.delete("/api/v4/plugins/testplugin", Api.bearer(admin)), 404,
                "app.plugin.not_installed.app_error");
    }

    @Test
    void enabledPluginsRunAndTheirWebappIsServed() {
        byte[] web = TarBuilder.plugin("testweb", "{\"id\":\"testweb\",\"name\":\"Web\",\"version\":\"1.2.3\","
                + "\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}").file("testweb/webapp/main.js", "registerPlugin()")
                .tarGz();
        assertThat(upload(admin, web, null).status()).isEqualTo(201);
        assertThat(upload(admin, demo, null).status()).isEqualTo(201);
        assertThat(api.post("/api/v4/plugins/testweb/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
        // As in Mattermost, enabling succeeds even when the plugin cannot start; the status says why.
        assertThat(api.post("/api/v4/plugins/testplugin/enable", null, Api.bearer(admin)).status()).isEqualTo(200);

        var list = api.get("/api/v4/plugins", Api.bearer(admin)).json();
        assertThat(list.get("active")).extracting(n -> n.get("id").asText()).containsExactly("testweb");
        assertThat(list.get("inactive")).extracting(n -> n.get("id").asText()).containsExactly("testplugin");
        var statuses = api.get("/api/v4/plugins/statuses", Api.bearer(admin)).json();
        var failed = java.util.stream.StreamSupport.stream(statuses.spliterator(), false)
                .filter(n -> n.get("plugin_id").asText().equals("testplugin")).findFirst().orElseThrow();
        assertThat(failed.get("state").asInt()).isEqualTo(3);
        assertThat(failed.get("error").asText()).contains("must at least have a web app or server component");

        var webapp = api.get("/api/v4/plugins/webapp").json();
        assertThat(webapp).hasSize(1);
        String bundle = webapp.get(0).at("/webapp/bundle_path").asText();
        assertThat(bundle).matches("/static/testweb/testweb_[0-9a-f]{16}_bundle\\.js");
        Api.Response js = api.get(bundle.replace("/static/", "/static/plugins/"));
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body()).isEqualTo("registerPlugin()");
        assertThat(js.header("Cache-Control")).isEqualTo("max-age=31556926, public");

        api.post("/api/v4/plugins/testweb/disable", null, Api.bearer(admin));
        assertThat(api.get("/api/v4/plugins/webapp").json()).isEmpty();
        assertThat(api.get(bundle.replace("/static/", "/static/plugins/")).status()).isEqualTo(404);
    }

    @Test
    void unknownIdsAre404() {
        assertAppError(api.post("/api/v4/plugins/junk/enable", null, Api.bearer(admin)), 404,
                "app.plugin.not_installed.app_error");
        assertAppError(api.post("/api/v4/plugins/JUNK/enable", null, Api.bearer(admin)), 404,
                "app.plugin.not_installed.app_error");
        assertAppError(api.post("/api/v4/plugins/junk/disable", null, Api.bearer(admin)), 404,
                "app.plugin.not_installed.app_error");
        assertAppError(api.delete("/api/v4/plugins/bad.id", Api.bearer(admin)), 404,
                "app.plugin.not_installed.app_error");
        // W25: ids outside the route pattern never reach a handler
        assertAppError(api.post("/api/v4/plugins/bad%20id/enable", null, Api.bearer(admin)), 404,
                "api.context.404.app_error");
        assertAppError(api.post("/api/v4/plugins/..%2f..%2fetc/disable", null, Api.bearer(admin)), 404,
                "api.context.404.app_error");
    }

    @Test
    void conflictsNeedForceExactlyTrue() {
        assertThat(upload(admin, demo, null).status()).isEqualTo(201);
        assertAppError(upload(admin, demo, null), 400, "app.plugin.install_id.app_error");
        assertAppError(upload(admin, demo, "TRUE"), 400, "app.plugin.install_id.app_error");
        assertThat(upload(admin, demo, "true").status()).isEqualTo(201);
    }

    @Test
    void badBundlesAreRefusedWithMattermostIds() {
        assertAppError(upload(admin, "badfile".getBytes(), null), 400, "app.plugin.extract.app_error");
        assertAppError(upload(admin, TarBuilder.create().file("test", "x").tarGz(), null), 400,
                "app.plugin.manifest.app_error");
        assertAppError(upload(admin, TarBuilder.plugin("x", "{\"id\":\"invalid#plugin#id\",\"version\":\"version\"}")
                .tarGz(), null), 400, "app.plugin.invalid_id.app_error");
        assertThat(upload(admin, TarBuilder.plugin("valid", "{\"id\":\"valid\",\"version\":\"0.0.1\"}").tarGz(), null)
                .status()).isEqualTo(201);
    }

    @Test
    void malformedUploads() {
        Api.Response notMultipart = api.post("/api/v4/plugins", "{}", Api.bearer(admin, "Content-Type",
                "application/json"));
        assertAppError(notMultipart, 415, "api.plugin.upload.content_type.app_error");
        assertAppError(api.upload(admin, new Api.Multipart().field("other", "x")), 400,
                "api.plugin.upload.no_file.app_error");
        assertAppError(api.upload(admin, new Api.Multipart().file("plugin", "a.tar.gz", demo)
                .file("plugin", "b.tar.gz", demo)), 400, "api.plugin.upload.array.app_error");
        byte[] big = new byte[300_000];
        new java.util.Random(5).nextBytes(big);
        assertAppError(upload(admin, big, null), 413, "api.plugin.upload.file_too_large.app_error");
        assertThat(server.server().console().plugins().list()).isEmpty();
    }

    @Test
    void regularUsersAreForbiddenAndAnonymousUnauthorized() {
        assertAppError(upload(user, demo, null), 403, "api.context.permissions.app_error");
        assertAppError(api.get("/api/v4/plugins", Api.bearer(user)), 403, "api.context.permissions.app_error");
        assertAppError(api.delete("/api/v4/plugins/testplugin", Api.bearer(user)), 403,
                "api.context.permissions.app_error");
        assertAppError(api.get("/api/v4/plugins"), 401, "api.context.session_expired.app_error");
        assertAppError(upload("not-a-token", demo, null), 401, "api.context.session_expired.app_error");
        assertThat(server.server().console().plugins().list()).isEmpty();
    }

    @Test
    void webappListNeedsNoSession() {
        Api.Response r = api.get("/api/v4/plugins/webapp");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.json().isArray()).isTrue();
    }

    @Test
    void installFromUrl() {
        String base = "http://127.0.0.1:" + files.getAddress().getPort();
        String url = "/api/v4/plugins/install_from_url?plugin_download_url=" + base + "/testplugin.tar.gz";
        Api.Response installed = api.post(url, null, Api.bearer(admin));
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        assertThat(installed.json().get("id").asText()).isEqualTo("testplugin");
        assertAppError(api.post(url, null, Api.bearer(admin)), 400, "app.plugin.install_id.app_error");
        assertThat(api.post(url + "&force=true", null, Api.bearer(admin)).status()).isEqualTo(201);
        assertThat(server.root().resolve("data/plugins/testplugin.tar.gz")).exists();
        assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=" + base + "/missing.tar.gz",
                null, Api.bearer(admin)), 400, "api.plugin.install.download_failed.app_error");
        assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=http://nodata", null,
                Api.bearer(admin)), 400, "api.plugin.install.download_failed.app_error");
        assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=file:///etc/passwd", null,
                Api.bearer(admin)), 400, "api.plugin.install.download_failed.app_error");
        assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=" + base + "/testplugin.tar.gz",
                null, Api.bearer(user)), 403, "api.context.permissions.app_error");
    }

    @Test
    void everyChangeIsAudited() {
        upload(admin, demo, null);
        api.post("/api/v4/plugins/testplugin/enable", null, Api.bearer(admin));
        upload(admin, "badfile".getBytes(), null);
        var entries = server.server().accounts().audit().latest(10);
        assertThat(entries).extracting(AuditLog.Entry::action).contains("uploadPlugin", "enablePlugin");
        AuditLog.Entry install = entries.stream().filter(e -> e.action().equals("uploadPlugin")
                && e.result().equals("success")).findFirst().orElseThrow();
        assertThat(install.username()).isEqualTo(TestServer.ADMIN);
        assertThat(install.pluginId()).isEqualTo("testplugin");
        assertThat(install.bundleSha256()).hasSize(64);
        assertThat(install.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(entries).anyMatch(e -> e.action().equals("uploadPlugin") && e.result().equals("failure")
                && e.detail().contains("app.plugin.extract.app_error"));
    }

    @Test
    void cookieSessionsNeedTheCsrfHeaderButBearerDoesNot() throws IOException {
        Api.Response login = api.post("/api/v4/users/login", "{\"login_id\":\"admin\",\"password\":\""
                + TestServer.PASSWORD + "\"}", "X-Requested-With", "XMLHttpRequest");
        String cookies = String.join("; ", login.headers("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        String csrf = login.headers("Set-Cookie").stream().filter(c -> c.startsWith("MMCSRF=")).findFirst()
                .orElseThrow().split(";", 2)[0].substring(7);
        Files.write(root.resolve("unused"), new byte[0]);
        upload(admin, demo, null);
        assertAppError(api.post("/api/v4/plugins/testplugin/enable", null, "Cookie", cookies), 401,
                "api.context.session_expired.app_error");
        assertAppError(api.post("/api/v4/plugins/testplugin/enable", null, "Cookie", cookies, "X-Requested-With",
                "XMLHttpRequest"), 401, "api.context.session_expired.app_error");
        assertThat(api.post("/api/v4/plugins/testplugin/enable", null, "Cookie", cookies, "X-CSRF-Token", csrf)
                .status()).isEqualTo(200);
        assertThat(api.get("/api/v4/plugins", "Cookie", cookies).status()).isEqualTo(200);
    }
}
