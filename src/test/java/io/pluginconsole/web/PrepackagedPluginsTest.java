package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pluginconsole.plugins.install.InstallRecord;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pre-packaged plugins through the real server: the jar's own and bundles in the working
 * directory's {@code prepackaged_plugins} folder, listed from the first start, installed when
 * enabled (and at start-up when newer), never stored in the file store and never removable.
 */
class PrepackagedPluginsTest {
    static final String BANNER = "com.pluginconsole.welcome-banner";
    static final String STATUS = "com.pluginconsole.server-status";
    static final String DEMO = "com.example.packaged";
    static final String PAGE = "/admin_console/plugins/plugin_management";

    @TempDir
    Path root;

    /** A webapp-only bundle (nothing to start but its script). */
    static byte[] webappBundle(String id, String version) {
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"Packaged demo\",\"version\":\"" + version + "\""
                + ",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}";
        return TarBuilder.plugin(id, manifest)
                .file(id + "/webapp/main.js", "window.registerPlugin('" + id + "', {initialize: function () {}});")
                .tarGz();
    }

    private Path offer(String fileName, byte[] bundle) throws IOException {
        Path folder = Files.createDirectories(root.resolve("prepackaged_plugins"));
        try (var old = Files.list(folder)) {
            for (Path p : old.toList()) {
                if (p.getFileName().toString().startsWith(DEMO)) {
                    Files.delete(p);
                }
            }
        }
        return Files.write(folder.resolve(fileName), bundle);
    }

    private static JsonNode plugins(Api api, String token) {
        Api.Response list = api.get("/api/v4/plugins", Api.bearer(token));
        assertThat(list.status()).isEqualTo(200);
        return list.json();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(m -> ids.add(m.get("id").asText() + " " + m.get("version").asText()));
        return ids;
    }

    private static String installedVersion(Path root, String id) throws IOException {
        Path manifest = root.resolve("plugins").resolve(id).resolve("plugin.json");
        if (!Files.exists(manifest)) {
            return null;
        }
        Matcher m = Pattern.compile("\"version\":\"([^\"]+)\"").matcher(Files.readString(manifest));
        return m.find() ? m.group(1) : "";
    }

    @Test
    void theJarsOwnPluginsAreListedFromTheFirstStartAndTheServerOneRunsWhenEnabled() throws Exception {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "60"),
                true, true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            JsonNode list = plugins(api, admin);
            assertThat(ids(list.get("inactive"))).contains(BANNER + " 1.0.0", STATUS + " 1.0.0");
            assertThat(list.get("active")).isEmpty();
            assertThat(root.resolve("plugins").resolve(STATUS)).doesNotExist();

            Api.Response page = api.get(PAGE, Api.bearer(admin));
            assertThat(page.body()).contains("id=\"prepackaged-" + STATUS + "\"", "id=\"prepackaged-" + BANNER + "\"")
                    .contains("Pre-packaged with the server; remove the bundle from the prepackaged_plugins folder to remove it.")
                    .doesNotContain("id=\"remove-" + STATUS + "\"").doesNotContain("id=\"remove-" + BANNER + "\"")
                    .contains("not installed yet; enabling it installs it.");

            RunningPlugins running = new RunningPlugins(server);
            running.enable(STATUS);
            running.awaitState(STATUS, 2, Duration.ofSeconds(60));
            assertThat(InstallRecord.readFrom(root.resolve("plugins").resolve(STATUS)).source().stored()).isEqualTo("prepackaged");
            assertThat(root.resolve("data/plugins/" + STATUS + ".tar.gz")).doesNotExist();
            assertThat(Files.isExecutable(root.resolve("plugins").resolve(STATUS).resolve("server/plugin.sh"))).isTrue();

            Api.Response status = api.get("/plugins/" + STATUS + "/status.json", Api.bearer(admin));
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            assertThat(status.json().get("plugin_id").asText()).isEqualTo(STATUS);
            assertThat(status.json().get("greeting").asText()).isEqualTo("Hello from the Server Status plugin");
            assertThat(api.get("/plugins/" + STATUS + "/", Api.bearer(admin)).body()).contains("<h1>Server Status</h1>");

            // its settings reach the process
            running.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + STATUS + "\":{\"greeting\":\"Hi there\"}}}}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get(
                    "/plugins/" + STATUS + "/status.json", Api.bearer(admin)).body().contains("Hi there"));

            JsonNode after = plugins(api, admin);
            assertThat(ids(after.get("active"))).contains(STATUS + " 1.0.0");
            assertThat(ids(after.get("inactive"))).contains(BANNER + " 1.0.0");
        }
    }

    @Test
    void preinstalledPluginsCannotBeRemovedThroughTheApiOrThePage() throws Exception {
        offer(DEMO + ".tar.gz", webappBundle(DEMO, "1.0.0"));
        try (TestServer server = TestServer.start(root)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);

            Api.Response refused = api.delete("/api/v4/plugins/" + DEMO, Api.bearer(admin));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("id").asText()).isEqualTo("app.plugin.remove_prepackaged.app_error");
            assertThat(refused.json().get("message").asText()).isEqualTo(
                    "Pre-packaged with the server; remove the bundle from the prepackaged_plugins folder to remove it.");

            new RunningPlugins(server).enable(DEMO);
            assertThat(installedVersion(root, DEMO)).isEqualTo("1.0.0");
            assertThat(api.delete("/api/v4/plugins/" + DEMO, Api.bearer(admin)).status()).isEqualTo(403);
            assertThat(root.resolve("plugins").resolve(DEMO)).exists();

            // the page: no Remove link, the note, and a forged remove form is refused with the same words
            String cookie = "MMAUTHTOKEN=" + admin;
            Api.Response page = api.get(PAGE, "Cookie", cookie);
            assertThat(page.body()).contains("id=\"prepackaged-" + DEMO + "\"")
                    .contains("id=\"prepackaged-note-" + DEMO + "\"").doesNotContain("id=\"remove-" + DEMO + "\"");
            assertThat(api.get(PAGE + "?remove=" + DEMO, "Cookie", cookie).body()).doesNotContain("remove-dialog");
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(csrf.find()).isTrue();
            Api.Response post = api.send("POST", PAGE + "/plugin/" + DEMO + "/remove",
                    HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)),
                    "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie,
                    "Origin", server.url());
            assertThat(post.status()).isEqualTo(303);
            assertThat(api.get(PAGE, "Cookie", cookie).body()).contains("Pre-packaged with the server; remove the bundle");
            assertThat(root.resolve("plugins").resolve(DEMO)).exists();
        }
    }

    @Test
    void startUpInstallsAndUpgradesEnabledOnesOnlyWhenNewerAndNeverStoresThem() throws Exception {
        offer(DEMO + "-1.0.0.tar.gz", webappBundle(DEMO, "1.0.0"));
        try (TestServer server = TestServer.start(root)) {
            assertThat(installedVersion(root, DEMO)).isNull();
            new RunningPlugins(server).enable(DEMO);
            assertThat(installedVersion(root, DEMO)).isEqualTo("1.0.0");
            new RunningPlugins(server).awaitState(DEMO, 2, Duration.ofSeconds(10));
        }

        offer(DEMO + "-1.2.0.tar.gz", webappBundle(DEMO, "1.2.0"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).isEqualTo("1.2.0");
            // enabled plugins start in the background once the server listens
            new RunningPlugins(server).awaitState(DEMO, 2, Duration.ofSeconds(10));
        }

        offer(DEMO + "-1.1.0.tar.gz", webappBundle(DEMO, "1.1.0"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).as("never downgraded").isEqualTo("1.2.0");
            var info = server.server().console().plugins().find(DEMO).orElseThrow();
            assertThat(info.prepackaged()).isTrue();
            new RunningPlugins(server).awaitState(DEMO, 2, Duration.ofSeconds(10));
        }
        assertThat(root.resolve("data/plugins/" + DEMO + ".tar.gz")).doesNotExist();
        try (var stored = Files.list(Files.createDirectories(root.resolve("data/plugins")))) {
            assertThat(stored.toList()).isEmpty();
        }

        // with the bundle gone from the folder, the plugin goes at the next start
        Files.delete(root.resolve("prepackaged_plugins").resolve(DEMO + "-1.1.0.tar.gz"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(root.resolve("plugins").resolve(DEMO)).doesNotExist();
            assertThat(server.server().console().plugins().find(DEMO)).isEmpty();
        }
    }

    @Test
    void aNewerPrepackagedCopyOverridesAnUploadUntilItsBundleGoes() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            new RunningPlugins(server).install(webappBundle(DEMO, "1.0.0"));
            new RunningPlugins(server).enable(DEMO);
        }
        assertThat(root.resolve("data/plugins/" + DEMO + ".tar.gz")).exists();

        offer(DEMO + ".tar.gz", webappBundle(DEMO, "2.0.0"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).isEqualTo("2.0.0");
            assertThat(server.server().console().plugins().alerts()).isEmpty();
            assertThat(server.server().console().plugins().find(DEMO).orElseThrow().prepackaged()).isTrue();
        }
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).as("kept across restarts").isEqualTo("2.0.0");
            assertThat(server.server().console().plugins().alerts()).isEmpty();
        }

        Files.delete(root.resolve("prepackaged_plugins").resolve(DEMO + ".tar.gz"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).as("the uploaded bundle is back").isEqualTo("1.0.0");
            assertThat(server.server().console().plugins().alerts()).isEmpty();
            var info = server.server().console().plugins().find(DEMO).orElseThrow();
            assertThat(info.prepackaged()).isFalse();
            new RunningPlugins(server).awaitState(DEMO, 2, Duration.ofSeconds(10));
        }
    }

    @Test
    void withoutAutomaticPrepackagedPluginsNothingIsInstalledAtStart() throws Exception {
        offer(DEMO + ".tar.gz", webappBundle(DEMO, "1.0.0"));
        Map<String, String> manual = Map.of("MM_PLUGINSETTINGS_AUTOMATICPREPACKAGEDPLUGINS", "false");
        try (TestServer server = TestServer.start(root, manual, true)) {
            // enabled in PluginStates without installing it: as a config.json written by hand would be
            new RunningPlugins(server).patchConfig(
                    "{\"PluginSettings\":{\"PluginStates\":{\"" + DEMO + "\":{\"Enable\":true}}}}");
            assertThat(root.resolve("plugins").resolve(DEMO)).doesNotExist();
        }
        try (TestServer server = TestServer.start(root, manual, false)) {
            assertThat(root.resolve("plugins").resolve(DEMO)).doesNotExist();
            Api api = new Api(server.url());
            JsonNode list = plugins(api, server.token(TestServer.ADMIN));
            assertThat(ids(list.get("inactive"))).containsExactly(DEMO + " 1.0.0");
            assertThat(server.server().console().plugins().find(DEMO).orElseThrow().enabled()).isTrue();
        }
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(installedVersion(root, DEMO)).as("automatic again").isEqualTo("1.0.0");
        }
    }

    @Test
    void aFolderBundleOverridesTheJarsOwnOnlyWhenNewer() throws Exception {
        Path newer = root.resolve("newer");
        Files.createDirectories(newer.resolve("prepackaged_plugins"));
        Files.write(newer.resolve("prepackaged_plugins/banner.tar.gz"), bannerBundle("1.5.0"));
        try (TestServer server = TestServer.start(newer, Map.of(), true, true)) {
            assertThat(server.server().console().plugins().find(BANNER).orElseThrow().plugin().manifest().version())
                    .isEqualTo("1.5.0");
            new RunningPlugins(server).enable(BANNER);
            assertThat(installedVersion(newer, BANNER)).isEqualTo("1.5.0");
        }

        Path older = root.resolve("older");
        Files.createDirectories(older.resolve("prepackaged_plugins"));
        Files.write(older.resolve("prepackaged_plugins/banner.tar.gz"), bannerBundle("0.9.0"));
        try (TestServer server = TestServer.start(older, Map.of(), false, true)) {
            assertThat(server.server().console().plugins().find(BANNER).orElseThrow().plugin().manifest().version())
                    .isEqualTo("1.0.0");
        }
    }

    private static byte[] bannerBundle(String version) {
        String manifest = "{\"id\":\"" + BANNER + "\",\"name\":\"Welcome Banner (site build)\",\"version\":\"" + version
                + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}";
        return TarBuilder.plugin(BANNER, manifest).file(BANNER + "/webapp/main.js", "/* site build */").tarGz();
    }

    @Test
    void disablingOneThatIsNotInstalledOnlyClearsItsState() throws Exception {
        offer(DEMO + ".tar.gz", webappBundle(DEMO, "1.0.0"));
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_AUTOMATICPREPACKAGEDPLUGINS",
                "false"), true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            assertThat(api.post("/api/v4/plugins/" + DEMO + "/disable", null, Api.bearer(admin)).status()).isEqualTo(200);
            assertThat(root.resolve("plugins").resolve(DEMO)).doesNotExist();
            assertThat(api.post("/api/v4/plugins/" + DEMO + "/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
            assertThat(installedVersion(root, DEMO)).as("enabling installs even without automatic installs")
                    .isEqualTo("1.0.0");
        }
    }
}
