package io.pluginconsole.web.pluginroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real http plugin process behind the server: proxy rules, public files, settings delivery. */
class PluginRequestsTest {
    static final String ID = "com.example.echo";
    @TempDir
    static Path root;
    static TestServer server;
    static RunningPlugins plugins;
    static Api api;
    static String adminId;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"), true);
        plugins = new RunningPlugins(server);
        api = new Api(server.url());
        plugins.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + ID + "\":{\"greeting\":\"hello\",\"limit\":3}}}}");
        plugins.install(TestPlugins.httpBundle(ID, "healthy"));
        plugins.enable(ID);
        plugins.awaitState(ID, 2, Duration.ofSeconds(30));
        adminId = api.get("/api/v4/users/me", Api.bearer(plugins.adminToken())).json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(RunningPlugins.pluginProcesses()).as("no plugin process outlives the server").isEmpty();
    }

    private static Map<String, String> echo(Api.Response response) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    @Test
    void requestReachesThePluginWithoutCredentialsAndWithTheCallersId() {
        String token = plugins.adminToken();
        Api.Response response = api.get("/plugins/" + ID + "/api/v1/items?x=1&access_token=" + token + "&y=2",
                "Authorization", "Bearer " + token,
                "Referer", "https://intranet.example.com/secret-page",
                "Mattermost-User-Id", "spoofed-user",
                "Mattermost-Plugin-ID", "spoofed-plugin",
                "Plugin-Console-Secret", "guess",
                "Cookie", "MMAUTHTOKEN=" + token + "; theme=dark",
                "X-Custom", "kept");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Plugin")).isEqualTo("echo");
        Map<String, String> seen = echo(response);
        assertThat(seen.get("uri")).isEqualTo("/api/v1/items?x=1&y=2");
        assertThat(seen).doesNotContainKeys("header.authorization", "header.referer", "header.mattermost-plugin-id",
                "header.plugin-console-secret");
        assertThat(seen.get("header.mattermost-user-id")).isEqualTo(adminId);
        assertThat(seen.get("header.cookie")).isEqualTo("theme=dark");
        assertThat(seen.get("header.x-custom")).isEqualTo("kept");
    }

    @Test
    void anonymousAndSpoofedCallersGetNoUserId() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook", "Mattermost-User-Id", adminId));
        assertThat(seen).doesNotContainKey("header.mattermost-user-id");
        Map<String, String> badToken = echo(api.get("/plugins/" + ID + "/hook", "Authorization", "Bearer nope"));
        assertThat(badToken).doesNotContainKey("header.mattermost-user-id");
    }

    @Test
    void accessTokenParameterIdentifiesTheCaller() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook?access_token=" + plugins.adminToken()));
        assertThat(seen.get("header.mattermost-user-id")).isEqualTo(adminId);
        assertThat(seen.get("uri")).isEqualTo("/hook");
    }

    @Test
    void cookieSessionChangeNeedsTheCsrfToken() {
        var session = server.server().accounts().auth().login(TestServer.ADMIN, TestServer.PASSWORD, "browser");
        String cookie = "MMAUTHTOKEN=" + session.token();
        Api.Response withoutCsrf = api.send("POST", "/plugins/" + ID + "/save",
                HttpRequest.BodyPublishers.ofString("a=1"), "Cookie", cookie);
        assertThat(echo(withoutCsrf)).doesNotContainKey("header.mattermost-user-id");
        assertThat(echo(withoutCsrf).get("body")).isEqualTo("a=1");
        Api.Response withCsrf = api.send("POST", "/plugins/" + ID + "/save",
                HttpRequest.BodyPublishers.ofString("a=2"), "Cookie", cookie, "X-CSRF-Token", session.csrfToken());
        assertThat(echo(withCsrf).get("header.mattermost-user-id")).isEqualTo(adminId);
        Api.Response get = api.get("/plugins/" + ID + "/page", "Cookie", cookie);
        assertThat(echo(get).get("header.mattermost-user-id")).isEqualTo(adminId);
    }

    @Test
    void statusHeadersAndBodiesPassThrough() {
        Api.Response teapot = api.send("PUT", "/plugins/" + ID + "/teapot",
                HttpRequest.BodyPublishers.ofString("{\"brew\":true}"), "Content-Type", "application/json");
        assertThat(teapot.status()).isEqualTo(418);
        assertThat(echo(teapot).get("body")).isEqualTo("{\"brew\":true}");
        assertThat(echo(teapot).get("method")).isEqualTo("PUT");
        assertThat(echo(api.get("/plugins/" + ID)).get("uri")).isEqualTo("/");
    }

    @Test
    void theServersOwnCallsAreNotReachableFromOutside() throws Exception {
        for (String path : new String[] {"/_plugin/configuration", "/_plugin/health", "//_plugin/health",
                "/./_plugin/health", "/%5Fplugin/health", "/_plugin"}) {
            Api.Response response = api.send("PUT", "/plugins/" + ID + path,
                    HttpRequest.BodyPublishers.ofString("{\"greeting\":\"pwned\"}"));
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("method=");
        }
        assertThat(settingsReceived()).doesNotContain("pwned");
    }

    @Test
    void publicFilesAreServedFromThePublicFolderOnly() {
        Api.Response file = api.get("/plugins/" + ID + "/public/hello.txt");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("hello from public");
        assertThat(file.header("Content-Type")).startsWith("text/plain");
        for (String path : new String[] {"/public/", "/public/missing.txt", "/public/..%2fplugin.json",
                "/public/%2e%2e/plugin.json", "/public/../plugin.json"}) {
            Api.Response response = api.get("/plugins/" + ID + path);
            assertThat(response.body()).as(path).doesNotContain("\"id\"");
        }
    }

    @Test
    void settingsAreSentAtStartAndOnEveryChange() throws Exception {
        assertThat(settingsReceived()).contains("\"greeting\":\"hello\"").contains("\"limit\":3");
        plugins.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + ID + "\":{\"greeting\":\"bonjour\",\"limit\":4}}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> settingsReceived().contains("bonjour"));
        assertThat(settingsReceived()).contains("\"limit\":4");
    }

    @Test
    void unknownOrStoppedPluginsAnswerPlainNotFound() {
        Api.Response response = api.get("/plugins/com.example.unknown/x");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found\n");
    }

    private static String settingsReceived() throws java.io.IOException {
        Path file = root.resolve("plugins").resolve(ID).resolve("received-settings.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
