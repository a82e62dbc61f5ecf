package io.pluginconsole.web;

import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/v4/plugins/install_from_url against the real server: internal destinations are refused
 * with Mattermost's error id and a message naming the fix, until the administrator allows the host in
 * ServiceSettings.AllowedUntrustedInternalConnections; then the same URL installs.
 */
class InstallFromUrlApiTest {
    static final byte[] BUNDLE = TarBuilder.plugin("urlplugin", manifest("urlplugin", "1.0.0")).tarGz();

    @TempDir
    static Path root;
    static TestServer server;
    static LoopbackHttpServer repository;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_FILESETTINGS_MAXFILESIZE", "100000"), true);
        api = new Api(server.url());
        admin = server.token(TestServer.ADMIN);
        repository = LoopbackHttpServer.start((request, out) -> {
            switch (request.target()) {
                case "/urlplugin.tar.gz" -> respond(out, 200, BUNDLE);
                case "/huge.tar.gz" -> respond(out, 200, new byte[200_000]);
                case "/to-metadata" -> LoopbackHttpServer.redirect(out, "http://169.254.169.254/latest/meta-data/");
                default -> respond(out, 404, new byte[0]);
            }
        });
    }

    @AfterAll
    static void stop() {
        repository.close();
        server.close();
    }

    static Api.Response install(String url) {
        return api.post("/api/v4/plugins/install_from_url?plugin_download_url="
                + URLEncoder.encode(url, StandardCharsets.UTF_8), null, Api.bearer(admin));
    }

    static void assertError(Api.Response r, int status, String messageStart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("id").asText()).isEqualTo("api.plugin.install.download_failed.app_error");
        assertThat(r.json().get("message").asText()).startsWith(messageStart);
        assertThat(r.json().get("status_code").asInt()).isEqualTo(status);
    }

    @Test
    void internalDestinationsAreRefusedUntilAllowed() throws Exception {
        String url = repository.url("/urlplugin.tar.gz");
        assertError(install(url), 400, "Destination not allowed: 127.0.0.1 is a loopback address. To allow it, "
                + "add 127.0.0.1 to ServiceSettings.AllowedUntrustedInternalConnections.");
        assertError(install("file:///etc/passwd"), 400, "Only https URLs are allowed");
        assertError(install("http://0x7f.0.0.1:" + repository.port() + "/"), 400, "URL not allowed");
        assertError(install("http://[::ffff:169.254.169.254]/"), 400, "Destination not allowed");
        assertThat(repository.connections()).isZero();
        assertThat(server.root().resolve("plugins/urlplugin")).doesNotExist();

        Api.Response patch = api.send("PUT", "/api/v4/config/patch", HttpRequest.BodyPublishers.ofString(
                "{\"ServiceSettings\":{\"AllowedUntrustedInternalConnections\":\"127.0.0.0/8\"}}"), Api.bearer(admin));
        assertThat(patch.status()).as(patch.body()).isEqualTo(200);

        Api.Response installed = install(url);
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        assertThat(installed.json().get("id").asText()).isEqualTo("urlplugin");
        assertThat(server.root().resolve("data/plugins/urlplugin.tar.gz")).exists();

        assertError(install(repository.url("/to-metadata")), 400, "Redirect not allowed: the server redirected to "
                + "http://169.254.169.254/latest/meta-data/, and 169.254.169.254 is a link-local address");
        assertError(install(repository.url("/huge.tar.gz")), 413, "Download too large");
        try (Stream<Path> staging = Files.list(server.root().resolve("data/.staging"))) {
            assertThat(staging).isEmpty();
        }

        Api.Response invalid = api.send("PUT", "/api/v4/config/patch", HttpRequest.BodyPublishers.ofString(
                "{\"ServiceSettings\":{\"AllowedUntrustedInternalConnections\":\"10.0.0.0/33\"}}"), Api.bearer(admin));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("message").asText())
                .contains("ServiceSettings.AllowedUntrustedInternalConnections").contains("10.0.0.0/33");
    }
}
