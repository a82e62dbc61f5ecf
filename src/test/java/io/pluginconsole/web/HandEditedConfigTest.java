package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.json edited by hand while the real server runs: saves through the console and the API
 * keep the edits, valid edits are applied without a restart, invalid ones are neither applied nor
 * overwritten, and the Plugin Management form changes only what it posted.
 */
class HandEditedConfigTest {
    static final String MANAGEMENT = "/admin_console/plugins/plugin_management";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    TestServer server;
    Api api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String initialConfig, Map<String, String> env) throws IOException {
        if (initialConfig != null) {
            Files.createDirectories(root.resolve("config"));
            Files.writeString(root.resolve("config/config.json"), initialConfig);
        }
        server = TestServer.start(root, env, true);
        api = new Api(server.url());
    }

    private Path configFile() {
        return root.resolve("config/config.json");
    }

    private JsonNode onDisk() throws IOException {
        return JSON.readTree(configFile().toFile());
    }

    private void handEdit(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = (ObjectNode) onDisk();
        edit.accept(tree);
        Files.writeString(configFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    private static ObjectNode states(ObjectNode tree) {
        return tree.withObjectProperty("PluginSettings").withObjectProperty("PluginStates");
    }

    private void installWebapp(String id) {
        byte[] bundle = TarBuilder.plugin(id, "{\"id\":\"" + id + "\",\"version\":\"1.0.0\","
                + "\"webapp\":{\"bundle_path\":\"main.js\"}}").file(id + "/main.js", "// " + id).tarGz();
        server.server().console().plugins().install(new ByteArrayInputStream(bundle), InstallMode.ALWAYS, InstallSource.UPLOAD);
    }

    private List<String> activeWebapps(String token) {
        Api.Response r = api.get("/api/v4/plugins/webapp", Api.bearer(token));
        assertThat(r.status()).isEqualTo(200);
        return r.json().findValuesAsText("id");
    }

    @Test
    void enablingThroughTheConsoleAndTheApiKeepsWhatWasEditedOnDisk() throws IOException {
        start("{\"PluginSettings\":{\"EnableUploads\":true,\"RequirePluginSignature\":false,"
                + "\"SignaturePublicKeyFiles\":[\"a.asc\",\"b.asc\"]}}", Map.of());
        installWebapp("com.example.one");
        installWebapp("com.example.two");
        handEdit(tree -> {
            ObjectNode plugins = tree.withObjectProperty("PluginSettings");
            plugins.put("RequirePluginSignature", true).put("EnableUploads", false);
            plugins.putArray("SignaturePublicKeyFiles").add("a.asc");
        });

        Console admin = Console.signIn(api);
        Api.Response console = admin.post(MANAGEMENT + "/plugin/com.example.one/enable");
        assertThat(console.status()).as(console.body()).isEqualTo(303);
        Api.Response rest = api.post("/api/v4/plugins/com.example.two/enable", "",
                Api.bearer(server.token(TestServer.ADMIN)));
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);

        JsonNode saved = onDisk();
        assertThat(saved.at("/PluginSettings/RequirePluginSignature").asBoolean()).isTrue();
        assertThat(saved.at("/PluginSettings/EnableUploads").asBoolean()).isFalse();
        assertThat(saved.at("/PluginSettings/SignaturePublicKeyFiles").toString()).isEqualTo("[\"a.asc\"]");
        assertThat(saved.at("/PluginSettings/PluginStates/com.example.one/Enable").asBoolean()).isTrue();
        assertThat(saved.at("/PluginSettings/PluginStates/com.example.two/Enable").asBoolean()).isTrue();
    }

    @Test
    void aHandEditOfPluginStatesIsAppliedWithoutARestart() throws IOException {
        start(null, Map.of());
        String admin = server.token(TestServer.ADMIN);
        installWebapp("com.example.live");
        assertThat(api.post("/api/v4/plugins/com.example.live/enable", "", Api.bearer(admin)).status()).isEqualTo(200);
        assertThat(activeWebapps(admin)).contains("com.example.live");

        handEdit(tree -> states(tree).putObject("com.example.live").put("Enable", false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(activeWebapps(admin)).doesNotContain("com.example.live"));

        handEdit(tree -> states(tree).putObject("com.example.live").put("Enable", true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(activeWebapps(admin)).contains("com.example.live"));
    }

    @Test
    void anInvalidHandEditIsNeitherAppliedNorOverwritten() throws IOException {
        start(null, Map.of());
        String admin = server.token(TestServer.ADMIN);
        installWebapp("com.example.kept");
        handEdit(tree -> {
            tree.withObjectProperty("FileSettings").put("MaxFileSize", "big");
            states(tree).putObject("com.example.kept").put("Enable", true);
        });
        String edited = Files.readString(configFile());

        Api.Response rest = api.post("/api/v4/plugins/com.example.kept/enable", "", Api.bearer(admin));
        assertAppError(rest, 400, "model.config.is_valid.app_error");
        assertThat(rest.json().get("message").asText()).contains("FileSettings.MaxFileSize")
                .contains("changed on disk and is not valid");
        Api.Response console = Console.signIn(api).post(MANAGEMENT + "/settings", "Enable", "true");
        assertThat(console.status()).isEqualTo(303);

        assertThat(Files.readString(configFile())).isEqualTo(edited);
        var current = server.server().console().config().current();
        assertThat(current.fileSettings().maxFileSize()).isEqualTo(104_857_600L);
        assertThat(current.pluginSettings().isEnabled("com.example.kept")).isFalse();
        assertThat(activeWebapps(admin)).doesNotContain("com.example.kept");
    }

    @Test
    void theSettingsFormChangesOnlyWhatItPostedAndNeverAnEnvironmentSetting() throws IOException {
        start("{\"PluginSettings\":{\"RequirePluginSignature\":true,\"AutomaticPrepackagedPlugins\":true}}",
                Map.of("MM_PLUGINSETTINGS_ENABLE", "true"));
        Console admin = Console.signIn(api);

        // A browser posts only the enabled radio groups; Enable is locked by the environment here.
        Api.Response saved = admin.post(MANAGEMENT + "/settings", "Enable", "false",
                "RequirePluginSignature", "false");
        assertThat(saved.status()).isEqualTo(303);

        JsonNode file = onDisk();
        assertThat(file.at("/PluginSettings/AutomaticPrepackagedPlugins").asBoolean()).isTrue();
        assertThat(file.at("/PluginSettings/RequirePluginSignature").asBoolean()).isFalse();
        assertThat(file.at("/PluginSettings").has("Enable")).as("set by MM_PLUGINSETTINGS_ENABLE").isFalse();
        assertThat(server.server().console().config().current().pluginSettings().automaticPrepackagedPlugins())
                .isTrue();
    }

    /** A signed-in browser: session cookie and the console's CSRF token. */
    record Console(Api api, String cookies, String csrf) {
        static Console signIn(Api api) {
            Api.Response form = api.get("/login");
            String loginCsrf = field(form.body(), "csrf");
            String preCookie = cookie(form, "MMLOGINCSRF");
            Api.Response login = api.send("POST", "/login", body(List.of("csrf", loginCsrf, "login_id",
                            TestServer.ADMIN, "password", TestServer.PASSWORD, "next", "")),
                    "Content-Type", "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + preCookie);
            assertThat(login.status()).isEqualTo(303);
            return new Console(api, "MMAUTHTOKEN=" + cookie(login, "MMAUTHTOKEN"), cookie(login, "MMCSRF"));
        }

        Api.Response post(String path, String... pairs) {
            List<String> all = new java.util.ArrayList<>(List.of("csrf", csrf));
            all.addAll(List.of(pairs));
            return api.send("POST", path, body(all), "Content-Type", "application/x-www-form-urlencoded",
                    "Cookie", cookies);
        }

        private static String cookie(Api.Response r, String name) {
            return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                    .map(c -> c.split(";", 2)[0].substring(name.length() + 1)).orElseThrow();
        }

        private static String field(String html, String name) {
            Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
            assertThat(m.find()).as("field " + name).isTrue();
            return m.group(1);
        }

        private static HttpRequest.BodyPublisher body(List<String> pairs) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
            }
            return HttpRequest.BodyPublishers.ofString(b.toString());
        }
    }
}
