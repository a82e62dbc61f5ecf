package io.pluginconsole.web;

import static io.pluginconsole.web.PluginsApiTest.assertAppError;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mattermost's 501 gates and their order: session 401, then gate 501, then permission 403. */
class FeatureGatesTest {
    static final byte[] BUNDLE = TarBuilder.plugin("testplugin", TarBuilder.manifest("testplugin", "0.0.1")).tarGz();

    private static Api.Response upload(Api api, String token) {
        return api.upload(token, new Api.Multipart().file("plugin", "plugin.tar.gz", BUNDLE));
    }

    @Test
    void pluginsDisabled(@TempDir Path root) {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ENABLE", "false"), true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            String user = server.token(TestServer.USER);
            assertAppError(upload(api, admin), 501, "app.plugin.upload_disabled.app_error");
            assertAppError(api.get("/api/v4/plugins", Api.bearer(admin)), 501, "app.plugin.disabled.app_error");
            assertAppError(api.get("/api/v4/plugins", Api.bearer(user)), 501, "app.plugin.disabled.app_error");
            assertAppError(api.get("/api/v4/plugins/statuses", Api.bearer(admin)), 501, "app.plugin.disabled.app_error");
            assertAppError(api.delete("/api/v4/plugins/testplugin", Api.bearer(admin)), 501,
                    "app.plugin.disabled.app_error");
            assertAppError(api.post("/api/v4/plugins/testplugin/enable", null, Api.bearer(admin)), 501,
                    "app.plugin.disabled.app_error");
            assertAppError(api.get("/api/v4/plugins/webapp"), 501, "app.plugin.disabled.app_error");
            assertAppError(api.get("/api/v4/plugins"), 401, "api.context.session_expired.app_error");
        }
    }

    @Test
    void uploadsDisabledComesBeforePermission(@TempDir Path root) {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ENABLEUPLOADS", "false"), true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            String user = server.token(TestServer.USER);
            assertAppError(upload(api, admin), 501, "app.plugin.upload_disabled.app_error");
            assertAppError(upload(api, user), 501, "app.plugin.upload_disabled.app_error");
            assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=https://example.com/x.tar.gz",
                    null, Api.bearer(admin)), 501, "app.plugin.disabled.app_error");
            assertAppError(api.get("/api/v4/plugins", Api.bearer(user)), 403, "api.context.permissions.app_error");
        }
    }

    @Test
    void requiredSignaturesCloseUploadAndUrl(@TempDir Path root) {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE", "true"),
                true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            assertAppError(upload(api, admin), 501, "app.plugin.upload_disabled.app_error");
            assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=https://example.com/x.tar.gz",
                    null, Api.bearer(admin)), 501, "app.plugin.disabled.app_error");
        }
    }

    @Test
    void requiringSignaturesInConfigJsonClosesUploadsWithoutARestart(@TempDir Path root) throws Exception {
        try (TestServer server = TestServer.start(root, Map.of(), true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            Path file = root.resolve("config/config.json");
            String edited = java.nio.file.Files.readString(file).replace("\"RequirePluginSignature\" : false",
                    "\"RequirePluginSignature\" : true");
            org.assertj.core.api.Assertions.assertThat(edited).contains("\"RequirePluginSignature\" : true");
            java.nio.file.Files.writeString(file, edited);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    server.server().console().config().current().pluginSettings().requirePluginSignature());
            assertAppError(upload(api, admin), 501, "app.plugin.upload_disabled.app_error");
            org.assertj.core.api.Assertions.assertThat(server.server().console().plugins().find("testplugin"))
                    .isEmpty();
        }
    }
}
