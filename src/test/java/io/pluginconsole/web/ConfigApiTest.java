package io.pluginconsole.web;

import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
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
            server.server().console().plugins().install(in, io.pluginconsole.plugins.install.InstallMode.IF_NEW, "test");
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
}
