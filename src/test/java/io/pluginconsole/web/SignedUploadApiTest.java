package io.pluginconsole.web;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.install.InstallRecord;
import io.pluginconsole.plugins.install.TrustedKeys;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.SigningKey;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v4/plugins with a "signature" part, with RequirePluginSignature on; keys cannot change through the API. */
class SignedUploadApiTest {
    static final SigningKey PUBLISHER = new SigningKey("Example Publisher <plugins@example.com>");
    static final SigningKey STRANGER = new SigningKey("Someone Else <x@example.com>");

    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        // As an administrator would on the host before starting the server: plugin keys add publisher.asc
        Files.createDirectories(root.resolve("config"));
        TrustedKeys.of(new FileConfigStore(root.resolve("config/config.json"), EnvOverrides.none()))
                .add(PUBLISHER.writePublicKey(root.resolve("publisher.asc")));
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE", "true"), true);
        api = new Api(server.url());
        admin = server.token(TestServer.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static InstallRecord record(String id) {
        return server.server().console().plugins().find(id).orElseThrow().plugin().record();
    }

    @Test
    void unsignedUploadsAreRefusedWithMattermostsError() {
        byte[] bundle = TarBuilder.plugin("unsigned", manifest("unsigned", "1.0.0")).tarGz();
        Api.Response r = api.upload(admin, new Api.Multipart().file("plugin", "plugin.tar.gz", bundle));
        assertAppError(r, 501, "app.plugin.upload_disabled.app_error");
        assertThat(r.json().get("message").asText()).contains("RequirePluginSignature").contains("\"signature\"");
        assertThat(root.resolve("plugins/unsigned")).doesNotExist();
    }

    @Test
    void signedUploadsInstallAndKeepTheSignatureBesideTheBundle() throws Exception {
        byte[] bundle = TarBuilder.plugin("signed", manifest("signed", "1.0.0")).tarGz();
        byte[] signature = PUBLISHER.sign(bundle);
        Api.Response r = api.upload(admin, new Api.Multipart().file("plugin", "plugin.tar.gz", bundle)
                .file("signature", "plugin.tar.gz.sig", signature));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo("signed");
        assertThat(Files.readAllBytes(root.resolve("data/plugins/signed.tar.gz.sig"))).isEqualTo(signature);
        assertThat(record("signed").signedBy().fingerprint()).isEqualTo(PUBLISHER.fingerprint());
        assertThat(record("signed").signedBy().key()).isEqualTo("publisher.asc");

        byte[] v2 = TarBuilder.plugin("signed", manifest("signed", "2.0.0")).tarGz();
        Api.Response armored = api.upload(admin, new Api.Multipart().field("force", "true")
                .file("plugin", "plugin.tar.gz", v2).file("signature", "plugin.tar.gz.asc", PUBLISHER.signArmored(v2)));
        assertThat(armored.status()).as(armored.body()).isEqualTo(201);
        assertThat(record("signed").previous().version()).isEqualTo("1.0.0");
        assertThat(record("signed").signerChanged()).isFalse();
    }

    @Test
    void signaturesByUntrustedKeysOrOverOtherBytesAreRefused() {
        byte[] bundle = TarBuilder.plugin("forged", manifest("forged", "1.0.0")).tarGz();
        for (byte[] signature : new byte[][] {STRANGER.sign(bundle), PUBLISHER.sign("other".getBytes())}) {
            Api.Response r = api.upload(admin, new Api.Multipart().file("plugin", "plugin.tar.gz", bundle)
                    .file("signature", "plugin.tar.gz.sig", signature));
            assertAppError(r, 400, "api.plugin.verify_plugin.app_error");
            assertThat(r.json().get("message").asText()).startsWith("Unable to verify plugin signature");
        }
        assertThat(root.resolve("plugins/forged")).doesNotExist();
        assertThat(root.resolve("data/plugins/forged.tar.gz")).doesNotExist();
    }

    @Test
    void urlInstallsStayClosedWhileSignaturesAreRequired() {
        assertAppError(api.post("/api/v4/plugins/install_from_url?plugin_download_url=https://example.com/x.tar.gz",
                null, Api.bearer(admin)), 501, "app.plugin.disabled.app_error");
    }

    @Test
    void theApiCannotChangeTrustedKeys() throws Exception {
        String before = Files.readString(root.resolve("config/config.json"));
        assertThat(before).contains("publisher.asc");
        Api.Response put = api.send("PUT", "/api/v4/config", HttpRequest.BodyPublishers.ofString(
                "{\"PluginSettings\":{\"SignaturePublicKeyFiles\":[\"publisher.asc\",\"evil.asc\"]}}"), Api.bearer(admin));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().at("/PluginSettings/SignaturePublicKeyFiles").toString()).isEqualTo("[\"publisher.asc\"]");

        Api.Response patch = api.send("PUT", "/api/v4/config/patch", HttpRequest.BodyPublishers.ofString(
                "{\"PluginSettings\":{\"SignaturePublicKeyFiles\":[]}}"), Api.bearer(admin));
        assertAppError(patch, 403, "api.config.update_config.not_allowed_security.app_error");
        assertThat(patch.json().get("message").asText()).contains("SignaturePublicKeyFiles").contains("plugin keys");

        Api.Response same = api.send("PUT", "/api/v4/config/patch", HttpRequest.BodyPublishers.ofString(
                "{\"PluginSettings\":{\"SignaturePublicKeyFiles\":[\"publisher.asc\"]}}"), Api.bearer(admin));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(server.server().console().config().current().pluginSettings().signaturePublicKeyFiles())
                .containsExactly("publisher.asc");
        assertThat(api.get("/api/v4/plugins/keys", Api.bearer(admin)).status()).isEqualTo(404);
    }
}
