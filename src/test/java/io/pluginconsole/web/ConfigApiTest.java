package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigApiTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() {
        // Uploads stay off here: only config.json may turn them on.
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ENABLEUPLOADS", "false",
                "MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", "s3cr3t"), true);
        api = new Api(server.url());
        admin = server.token(TestServer.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void getShowsSettingsWithSecretsMasked() {
        Api.Response r = api.get("/api/v4/config", Api.bearer(admin));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/PluginSettings/Enable").asBoolean()).isTrue();
        assertThat(r.json().at("/FileSettings/AmazonS3SecretAccessKey").asText()).isEqualTo("********************************");
        assertThat(r.body()).doesNotContain("s3cr3t");
        assertAppError(api.get("/api/v4/config", Api.bearer(server.token(TestServer.USER))), 403,
                "api.context.permissions.app_error");
    }

    @Test
    void putIgnoresEnableUploadsAndPatchRefusesIt() throws Exception {
        String body = "{\"PluginSettings\":{\"EnableUploads\":true,\"EnableHealthCheck\":false}}";
        Api.Response put = api.send("PUT", "/api/v4/config", java.net.http.HttpRequest.BodyPublishers.ofString(body),
                Api.bearer(admin));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().at("/PluginSettings/EnableUploads").asBoolean()).isFalse();
        assertThat(put.json().at("/PluginSettings/EnableHealthCheck").asBoolean()).isFalse();
        assertThat(Files.readString(root.resolve("config/config.json"))).contains("\"EnableHealthCheck\" : false");

        Api.Response patch = api.send("PUT", "/api/v4/config/patch",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"PluginSettings\":{\"EnableUploads\":true}}"),
                Api.bearer(admin));
        assertAppError(patch, 403, "api.config.update_config.not_allowed_security.app_error");
        assertThat(server.server().console().config().current().pluginSettings().enableUploads()).isFalse();

        Api.Response invalid = api.send("PUT", "/api/v4/config/patch",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"FileSettings\":{\"MaxFileSize\":\"big\"}}"),
                Api.bearer(admin));
        assertAppError(invalid, 400, "model.config.is_valid.app_error");
        assertThat(invalid.json().get("message").asText()).contains("FileSettings.MaxFileSize");
    }

    @Test
    void secretPluginSettingsAreMaskedAndKeptWhenSentBackMasked() throws Exception {
        String manifest = "{\"id\":\"com.example.keys\",\"version\":\"1.0.0\",\"webapp\":{\"bundle_path\":\"main.js\"},"
                + "\"settings_schema\":{\"settings\":[{\"key\":\"ApiKey\",\"type\":\"text\",\"secret\":true},"
                + "{\"key\":\"Channel\",\"type\":\"text\"}]}}";
        byte[] bundle = io.pluginconsole.testing.TarBuilder.plugin("com.example.keys", manifest)
                .file("com.example.keys/main.js", "// webapp").tarGz();
        try (var in = new java.io.ByteArrayInputStream(bundle)) {
            server.server().console().plugins().install(in, io.pluginconsole.plugins.install.InstallMode.IF_NEW, InstallSource.UPLOAD);
        }
        String set = "{\"PluginSettings\":{\"Plugins\":{\"com.example.keys\":{\"apikey\":\"top-secret-value\",\"channel\":\"town\"}}}}";
        assertThat(api.send("PUT", "/api/v4/config/patch", java.net.http.HttpRequest.BodyPublishers.ofString(set),
                Api.bearer(admin)).body()).doesNotContain("top-secret-value");

        Api.Response got = api.get("/api/v4/config", Api.bearer(admin));
        assertThat(got.body()).doesNotContain("top-secret-value");
        assertThat(got.json().at("/PluginSettings/Plugins/com.example.keys/apikey").asText()).isEqualTo("********************************");
        assertThat(got.json().at("/PluginSettings/Plugins/com.example.keys/channel").asText()).isEqualTo("town");

        // A client that saves the whole configuration back sends the mask: the secret stays.
        Api.Response put = api.send("PUT", "/api/v4/config",
                java.net.http.HttpRequest.BodyPublishers.ofString(got.body()), Api.bearer(admin));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(server.server().console().config().current().pluginSettings().plugins()
                .get("com.example.keys").get("apikey")).isEqualTo("top-secret-value");
    }

    // ---- folder, file and database settings are locked against the API ----

    static final Map<String, String> PATH_SETTINGS = Map.of(
            "/PluginSettings/Directory", ".",
            "/PluginSettings/ClientDirectory", ".",
            "/PluginSettings/TrustedCACertificatesFile", "/etc/shadow",
            "/FileSettings/Directory", "./client/plugins/",
            "/ServiceSettings/DataDirectory", "./client/plugins",
            "/LogSettings/FileLocation", "./client/plugins",
            "/SqlSettings/DataSource", "postgres://attacker@evil.example/db");

    private static String patchOf(String pointer, String value) {
        String[] parts = pointer.substring(1).split("/");
        return "{\"" + parts[0] + "\":{\"" + parts[1] + "\":\"" + value + "\"}}";
    }

    @Test
    void patchRefusesEveryFolderFileAndDatabaseSettingWith403() throws Exception {
        for (Map.Entry<String, String> setting : PATH_SETTINGS.entrySet()) {
            String before = Files.readString(root.resolve("config/config.json"));
            Api.Response patch = api.send("PUT", "/api/v4/config/patch",
                    java.net.http.HttpRequest.BodyPublishers.ofString(patchOf(setting.getKey(), setting.getValue())),
                    Api.bearer(admin));
            assertAppError(patch, 403, "api.config.update_config.not_allowed_security.app_error");
            String key = setting.getKey().substring(1).replace('/', '.');
            assertThat(patch.json().get("message").asText()).as(key).contains("Changing " + key + " is not allowed");
            assertThat(Files.readString(root.resolve("config/config.json"))).as(key).isEqualTo(before);
        }
        // Sending the current value back is not a change.
        Api.Response same = api.send("PUT", "/api/v4/config/patch",
                java.net.http.HttpRequest.BodyPublishers.ofString(patchOf("/PluginSettings/ClientDirectory",
                        "./client/plugins")), Api.bearer(admin));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
    }

    @Test
    void putKeepsTheStoredFolderFileAndDatabaseSettings() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body =
                (com.fasterxml.jackson.databind.node.ObjectNode) api.get("/api/v4/config", Api.bearer(admin)).json();
        PATH_SETTINGS.forEach((pointer, value) -> {
            String[] parts = pointer.substring(1).split("/");
            body.withObjectProperty(parts[0]).put(parts[1], value);
        });
        body.withObjectProperty("PluginSettings").put("HealthCheckIntervalSeconds", 45);

        Api.Response put = api.send("PUT", "/api/v4/config",
                java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()), Api.bearer(admin));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        var current = server.server().console().config().current();
        assertThat(current.pluginSettings().healthCheckIntervalSeconds()).isEqualTo(45);
        assertThat(current.pluginSettings().clientDirectory()).isEqualTo("./client/plugins");
        assertThat(current.pluginSettings().directory()).isEqualTo("./plugins");
        assertThat(current.pluginSettings().trustedCACertificatesFile()).isEmpty();
        assertThat(current.fileSettings().directory()).isEqualTo("./data/");
        assertThat(current.serviceSettings().dataDirectory()).isEqualTo("./data");
        assertThat(current.logSettings().fileLocation()).isEqualTo("./logs");
        assertThat(current.sqlSettings().dataSource()).isEmpty();
        String file = Files.readString(root.resolve("config/config.json"));
        assertThat(file).doesNotContain("evil.example").doesNotContain("/etc/shadow");
    }

    @Test
    void aClientFolderThatWouldPublishPrivateFilesStopsTheStart(@org.junit.jupiter.api.io.TempDir Path other)
            throws Exception {
        Map<String, String> cases = Map.of(
                ".", "is the working folder",
                "..", "contains the working folder",
                "./data", "is the data folder (ServiceSettings.DataDirectory)",
                "./config", "is the configuration folder",
                "./logs", "is the log folder (LogSettings.FileLocation)");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path wd = other.resolve("wd" + Math.abs(c.getKey().hashCode()));
            Files.createDirectories(wd.resolve("config"));
            Files.writeString(wd.resolve("config/config.json"),
                    "{\"PluginSettings\":{\"ClientDirectory\":\"" + c.getKey() + "\"}}");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(wd, Map.of(), false))
                    .as(c.getKey())
                    .isInstanceOf(io.pluginconsole.config.ConfigException.class)
                    .hasMessageContaining("PluginSettings.ClientDirectory is \"" + c.getKey() + "\"")
                    .hasMessageContaining(c.getValue())
                    .hasMessageContaining("served to anyone without signing in");
        }
        // The environment is checked as well: it is part of the effective configuration.
        Path wd = other.resolve("env");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(wd,
                        Map.of("MM_PLUGINSETTINGS_CLIENTDIRECTORY", "./"), false))
                .isInstanceOf(io.pluginconsole.config.ConfigException.class)
                .hasMessageContaining("is the working folder");
    }

    @Test
    void aClientFolderThatIsTheNodeDataFolderOrTheFileStoreStopsTheStart(@org.junit.jupiter.api.io.TempDir Path other)
            throws Exception {
        Map<String, String> cases = Map.of(
                "./node", "is the data folder (ServiceSettings.DataDirectory)",
                "./store", "is the file store folder (FileSettings.Directory)");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path wd = other.resolve("wd" + Math.abs(c.getKey().hashCode()));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(wd, Map.of(
                            "MM_SERVICESETTINGS_DATADIRECTORY", "./node",
                            "MM_FILESETTINGS_DIRECTORY", "./store",
                            "MM_PLUGINSETTINGS_CLIENTDIRECTORY", c.getKey()), false))
                    .as(c.getKey())
                    .isInstanceOf(io.pluginconsole.config.ConfigException.class)
                    .hasMessageContaining(c.getValue())
                    .hasMessageContaining("served to anyone without signing in");
        }
    }

    @Test
    void theConfigurationCannotBePublishedThroughThePatchAndARestart(@org.junit.jupiter.api.io.TempDir Path other)
            throws Exception {
        Path wd = other.resolve("wd");
        TestServer first = TestServer.start(wd, Map.of("MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", "s3cr3t"), true);
        try {
            Api.Response patch = new Api(first.url()).send("PUT", "/api/v4/config/patch",
                    java.net.http.HttpRequest.BodyPublishers.ofString("{\"PluginSettings\":{\"ClientDirectory\":\".\"}}"),
                    Api.bearer(first.token(TestServer.ADMIN)));
            assertAppError(patch, 403, "api.config.update_config.not_allowed_security.app_error");
        } finally {
            first.close();
        }
        try (TestServer again = TestServer.start(wd, Map.of(), false)) {
            Api anonymous = new Api(again.url());
            for (String path : List.of("/static/plugins/config/config.json", "/static/plugins/logs/plugin-console.log",
                    "/static/plugins/data/setup-token")) {
                assertThat(anonymous.get(path).status()).as(path).isEqualTo(404);
            }
        }
    }
}
