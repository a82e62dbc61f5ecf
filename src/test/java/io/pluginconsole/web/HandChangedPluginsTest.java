package io.pluginconsole.web;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin list is served from memory, republished after every change made through the server
 * and after every change made by hand in the plugins folder (seen within 2 s, no restart).
 */
class HandChangedPluginsTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static String admin;
    static Path plugins;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of(), true);
        api = new Api(server.url());
        admin = server.token(TestServer.ADMIN);
        plugins = server.server().console().folders().root();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A plugin with a web app only: it runs as soon as it is enabled, without a process. */
    static byte[] webappBundle(String id, String version) {
        return TarBuilder.plugin(id, "{\"id\":\"" + id + "\",\"name\":\"" + id + " plugin\",\"version\":\""
                        + version + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}")
                .file(id + "/webapp/main.js", "console.log('" + id + "');").tarGz();
    }

    /** The plugin as GET /api/v4/plugins lists it ("active" or "inactive" with its manifest), if listed. */
    static Optional<Listed> listed(String id) {
        Api.Response r = api.get("/api/v4/plugins", Api.bearer(admin));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (String group : new String[] {"active", "inactive"}) {
            for (JsonNode m : r.json().get(group)) {
                if (m.get("id").asText().equals(id)) {
                    return Optional.of(new Listed(group, m.get("version").asText()));
                }
            }
        }
        return Optional.empty();
    }

    record Listed(String group, String version) {
    }

    private static void writeManifest(Path folder, String id, String version) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("plugin.json"), manifest(id, version));
    }

    @Test
    void pluginsUnpackedEditedReplacedAndDeletedByHandAreListedWithin2Seconds() throws Exception {
        Path folder = plugins.resolve("handmade");
        writeManifest(folder, "handmade", "1.0.0");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(listed("handmade")).contains(new Listed("inactive", "1.0.0")));

        // edited in place: the new version replaces the old in the list
        Files.writeString(folder.resolve("plugin.json"), manifest("handmade", "1.1.0"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(listed("handmade")).contains(new Listed("inactive", "1.1.0")));

        // replaced: the old folder moved away, a new one moved in
        Path unpacked = root.resolve("unpacked/handmade");
        writeManifest(unpacked, "handmade", "2.0.0");
        Files.move(folder, root.resolve("old-handmade"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(unpacked, folder, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(listed("handmade")).contains(new Listed("inactive", "2.0.0")));

        PluginFolders.deleteTree(folder);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(listed("handmade")).isEmpty());
    }

    @Test
    void everyChangeThroughTheServerIsListedByTheNextRequestUnderANewVersion() {
        var service = server.server().console().plugins();
        long start = service.snapshot().version();

        Api.Response up = api.upload(admin, new Api.Multipart().file("plugin", "p.tar.gz",
                webappBundle("served", "1.0.0")));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(listed("served")).contains(new Listed("inactive", "1.0.0"));
        long installed = service.snapshot().version();
        assertThat(installed).isGreaterThan(start);

        assertThat(api.post("/api/v4/plugins/served/enable", "", Api.bearer(admin)).status()).isEqualTo(200);
        assertThat(listed("served")).contains(new Listed("active", "1.0.0"));
        assertThat(service.find("served").orElseThrow().enabled()).isTrue();
        long enabled = service.snapshot().version();
        assertThat(enabled).isGreaterThan(installed);

        Api.Response again = api.upload(admin, new Api.Multipart().file("plugin", "p.tar.gz",
                webappBundle("served", "1.1.0")).field("force", "true"));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(listed("served")).contains(new Listed("active", "1.1.0"));

        assertThat(api.post("/api/v4/plugins/served/disable", "", Api.bearer(admin)).status()).isEqualTo(200);
        assertThat(listed("served")).contains(new Listed("inactive", "1.1.0"));
        assertThat(service.find("served").orElseThrow().enabled()).isFalse();

        assertThat(api.delete("/api/v4/plugins/served", Api.bearer(admin)).status()).isEqualTo(200);
        assertThat(listed("served")).isEmpty();
        assertThat(service.snapshot().version()).isGreaterThan(enabled);
    }

    @Test
    void aListingIsTheSameSnapshotUntilSomethingChanges() {
        var service = server.server().console().plugins();
        var before = service.snapshot();
        service.refresh(); // nothing changed on disk: nothing new to publish
        assertThat(service.snapshot()).isSameAs(before);
        assertThat(service.list()).isSameAs(before.plugins());
    }
}
