package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pluginconsole.testing.NodeProjects;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mattermost's own JavaScript client, {@code @mattermost/client} Client4 as published on npm and
 * unchanged, against the real server: sign-in, upload, list, enable, statuses, a refused duplicate,
 * a forced upgrade, disable, remove and install from URL. The Node script only records what the
 * client returned or threw (one JSON line); this class decides pass or fail.
 *
 * <p>Needs {@code node} (18 or newer) and {@code npm} on the PATH; the package is installed once
 * with {@code npm ci} into {@code target/client4-node} and reused while the lock file is unchanged.
 */
class Client4CompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLUGIN = "com.example.client4";
    private static final String URL_PLUGIN = "com.example.client4-url";

    @TempDir
    static Path root;
    static TestServer server;
    static HttpServer files;
    static Path nodeProject;

    @BeforeAll
    static void start() throws Exception {
        nodeProject = NodeProjects.install("client4", "@mattermost/client", "client4-compat.js");
        server = TestServer.start(root.resolve("server"),
                Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                        "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1"), true);
        byte[] urlBundle = bundle(URL_PLUGIN, "2.0.0");
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/bundles/url-plugin.tar.gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, urlBundle.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(urlBundle);
            }
        });
        files.start();
    }

    @AfterAll
    static void stop() {
        if (files != null) {
            files.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mattermostJavaScriptClientManagesPlugins() throws Exception {
        Path bundle = Files.write(root.resolve("client4-1.0.0.tar.gz"), bundle(PLUGIN, "1.0.0"));
        Path newer = Files.write(root.resolve("client4-1.1.0.tar.gz"), bundle(PLUGIN, "1.1.0"));
        JsonNode out = runScript(Map.of(
                "PC_URL", server.url(),
                "PC_USER", TestServer.ADMIN,
                "PC_PASSWORD", TestServer.PASSWORD,
                "PC_PLUGIN_ID", PLUGIN,
                "PC_BUNDLE", bundle.toString(),
                "PC_BUNDLE_NEWER", newer.toString(),
                "PC_URL_BUNDLE", "http://127.0.0.1:" + files.getAddress().getPort() + "/bundles/url-plugin.tar.gz"));

        // login: the profile is parsed JSON and the Token header became the client's bearer token
        assertThat(out.at("/login/username").asText()).isEqualTo(TestServer.ADMIN);
        assertThat(out.at("/login/roles").asText()).contains("system_admin");
        assertThat(out.at("/login/has_token").asBoolean()).isTrue();
        // Client4 reads X-Version-Id only from responses without Cache-Control
        assertThat(out.at("/server_version").asText()).as("X-Version-Id as Client4 saw it").matches("\\d+\\.\\d+\\.\\d+\\..+");

        assertThat(out.at("/upload/id").asText()).isEqualTo(PLUGIN);
        assertThat(out.at("/upload/version").asText()).isEqualTo("1.0.0");
        assertThat(out.at("/upload/name").asText()).isEqualTo(PLUGIN + " plugin");
        assertListing(out.get("after_upload"), List.of(), List.of(PLUGIN));

        assertThat(out.get("enable")).isEqualTo(JSON.readTree("{\"status\":\"OK\"}"));
        assertListing(out.get("after_enable"), List.of(PLUGIN), List.of());
        assertThat(out.get("statuses")).hasSize(1);
        JsonNode status = out.get("statuses").get(0);
        assertThat(status.get("plugin_id").asText()).isEqualTo(PLUGIN);
        assertThat(status.get("state").asInt()).as("PluginStateRunning").isEqualTo(2);
        assertThat(status.get("version").asText()).isEqualTo("1.0.0");
        assertThat(status.get("name").asText()).isEqualTo(PLUGIN + " plugin");
        assertThat(status.get("cluster_id").asText()).isEmpty();
        assertThat(status.get("has_plugin_path").asBoolean()).isTrue();

        JsonNode duplicate = out.get("duplicate_upload");
        assertThat(duplicate.get("thrown").asBoolean()).as("uploading the same id without force throws").isTrue();
        assertThat(duplicate.get("client_error").asBoolean()).as("a ClientError").isTrue();
        assertThat(duplicate.get("server_error_id").asText()).isEqualTo("app.plugin.install_id.app_error");
        assertThat(duplicate.get("status_code").asInt()).isEqualTo(400);
        assertThat(duplicate.get("message").asText()).isNotBlank();

        // a forced upload replaces the running plugin and keeps it enabled
        assertThat(out.at("/forced_upload/id").asText()).isEqualTo(PLUGIN);
        assertThat(out.at("/forced_upload/version").asText()).isEqualTo("1.1.0");
        assertListing(out.get("after_forced_upload"), List.of(PLUGIN), List.of());

        assertThat(out.get("disable")).isEqualTo(JSON.readTree("{\"status\":\"OK\"}"));
        assertListing(out.get("after_disable"), List.of(), List.of(PLUGIN));

        assertThat(out.get("remove")).isEqualTo(JSON.readTree("{\"status\":\"OK\"}"));
        assertListing(out.get("after_remove"), List.of(), List.of());

        JsonNode enableRemoved = out.get("enable_removed");
        assertThat(enableRemoved.get("thrown").asBoolean()).isTrue();
        assertThat(enableRemoved.get("client_error").asBoolean()).isTrue();
        assertThat(enableRemoved.get("status_code").asInt()).isEqualTo(404);

        assertThat(out.at("/install_from_url/id").asText()).isEqualTo(URL_PLUGIN);
        assertThat(out.at("/install_from_url/version").asText()).isEqualTo("2.0.0");
        assertListing(out.get("after_install_from_url"), List.of(), List.of(URL_PLUGIN));

        JsonNode urlAgain = out.get("duplicate_install_from_url");
        assertThat(urlAgain.get("thrown").asBoolean()).isTrue();
        assertThat(urlAgain.get("client_error").asBoolean()).isTrue();
        assertThat(urlAgain.get("server_error_id").asText()).isEqualTo("app.plugin.install_id.app_error");
        assertThat(urlAgain.get("status_code").asInt()).isEqualTo(400);

        // what the client did is what the server holds
        assertThat(server.server().console().plugins().list()).extracting(p -> p.id()).containsExactly(URL_PLUGIN);
    }

    private static void assertListing(JsonNode listing, List<String> active, List<String> inactive) {
        assertThat(listing).as("getPlugins() result").isNotNull();
        assertThat(ids(listing.get("active"))).as("active").containsExactlyElementsOf(active);
        assertThat(ids(listing.get("inactive"))).as("inactive").containsExactlyElementsOf(inactive);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A plugin with a webapp part, so enabling it really makes it run. */
    private static byte[] bundle(String id, String version) {
        String json = "{\"id\":\"" + id + "\",\"name\":\"" + id + " plugin\",\"version\":\"" + version
                + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}";
        return TarBuilder.plugin(id, json).file(id + "/webapp/main.js", "window.registerPlugin('" + id + "', {});")
                .tarGz();
    }

    private static JsonNode runScript(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "client4-compat.js").directory(nodeProject.toFile());
        pb.environment().putAll(env);
        NodeProjects.Run run = NodeProjects.run(pb, 60);
        String last = run.stdout().strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode out;
        try {
            out = JSON.readTree(last);
        } catch (IOException e) {
            throw new AssertionError("The Client4 script printed no JSON result (exit " + run.exit() + ").\nstdout:\n"
                    + run.stdout() + "\nstderr:\n" + run.stderr(), e);
        }
        if (out == null || out.has("fatal") || run.exit() != 0) {
            fail("The Client4 script stopped with an error (exit " + run.exit() + "): " + last + "\nstderr:\n" + run.stderr());
        }
        return out;
    }
}
