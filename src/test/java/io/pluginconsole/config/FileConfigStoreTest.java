package io.pluginconsole.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("config/config.json");
    }

    @Test
    void firstStartWritesMattermostSectionsWithDefaults() throws IOException {
        Config config = new FileConfigStore(file(), EnvOverrides.none()).current();
        JsonNode written = ConfigJson.mapper().readTree(file().toFile());
        for (String section : new String[] {"ServiceSettings", "PluginSettings", "FileSettings", "SqlSettings",
                "LogSettings", "ClusterSettings"}) {
            assertThat(written.has(section)).as(section).isTrue();
        }
        assertThat(written.at("/PluginSettings/EnableUploads").asBoolean()).isFalse();
        assertThat(written.at("/FileSettings/MaxFileSize").asLong()).isEqualTo(104_857_600L);
        assertThat(written.at("/ServiceSettings/ListenAddress").asText()).isEqualTo(":8065");
        assertThat(config.pluginSettings().enable()).isTrue();
        assertThat(config.pluginSettings().directory()).isEqualTo("./plugins");
        assertThat(config.fileSettings().driverName()).isEqualTo("local");
    }

    @Test
    void environmentOverridesApplyButAreNeverSaved() throws IOException {
        new FileConfigStore(file(), EnvOverrides.none());
        String before = Files.readString(file());
        FileConfigStore store = new FileConfigStore(file(), new EnvOverrides(Map.of(
                "MM_PLUGINSETTINGS_ENABLEUPLOADS", "true", "MM_FILESETTINGS_MAXFILESIZE", "2048",
                "MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:9000")));
        assertThat(store.current().pluginSettings().enableUploads()).isTrue();
        assertThat(store.current().fileSettings().maxFileSize()).isEqualTo(2048);
        assertThat(store.current().serviceSettings().listenAddress()).isEqualTo("127.0.0.1:9000");
        store.update(tree -> tree.withObjectProperty("PluginSettings").put("EnableHealthCheck", false));
        JsonNode saved = ConfigJson.mapper().readTree(file().toFile());
        assertThat(saved.at("/PluginSettings/EnableUploads").asBoolean()).isFalse();
        assertThat(saved.at("/PluginSettings/EnableHealthCheck").asBoolean()).isFalse();
        assertThat(before).isNotEqualTo(Files.readString(file()));
    }

    @Test
    void wrongTypeNamesTheKeyAndTheValue() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"PluginSettings\":{\"EnableUploads\":\"yes\"}}");
        assertThatThrownBy(() -> new FileConfigStore(file(), EnvOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PluginSettings.EnableUploads")
                .hasMessageContaining("\"yes\"")
                .hasMessageContaining("a boolean");
    }

    @Test
    void invalidJsonGivesLineAndColumn() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\n  \"PluginSettings\": {\n    \"Enable\": true,\n  }\n}");
        assertThatThrownBy(() -> new FileConfigStore(file(), EnvOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid JSON at line 4, column 3");
    }

    @Test
    void invalidValuesNameTheKey() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"FileSettings\":{\"DriverName\":\"ftp\"},\"ServiceSettings\":"
                + "{\"ListenAddress\":\"8065\"}}");
        assertThatThrownBy(() -> new FileConfigStore(file(), EnvOverrides.none()))
                .hasMessageContaining("FileSettings.DriverName has the value \"ftp\"")
                .hasMessageContaining("ServiceSettings.ListenAddress has the value \"8065\"");
    }

    @Test
    void pluginTimingsHaveDefaultsAndMustBePositive() throws IOException {
        Config config = new FileConfigStore(file(), EnvOverrides.none()).current();
        assertThat(config.pluginSettings().pluginStartTimeoutSeconds()).isEqualTo(10);
        assertThat(config.pluginSettings().healthCheckIntervalSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> new FileConfigStore(file(),
                new EnvOverrides(Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "0"))))
                .hasMessageContaining("PluginSettings.PluginStartTimeoutSeconds has the value 0");
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> new FileConfigStore(file(),
                new EnvOverrides(Map.of("MM_PLUGINSETTINGS_ENABLE", "maybe"))))
                .hasMessageContaining("MM_PLUGINSETTINGS_ENABLE")
                .hasMessageContaining("maybe");
    }

    @Test
    void invalidUpdateIsNotSavedAndUnknownKeysSurvive() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"TeamSettings\":{\"SiteName\":\"Intranet\"},\"PluginSettings\":{"
                + "\"PluginStates\":{\"demo\":{\"Enable\":true}}}}");
        FileConfigStore store = new FileConfigStore(file(), EnvOverrides.none());
        assertThat(store.current().pluginSettings().isEnabled("demo")).isTrue();
        String before = Files.readString(file());
        assertThatThrownBy(() -> store.update(t -> t.withObjectProperty("FileSettings").put("MaxFileSize", -1)))
                .hasMessageContaining("FileSettings.MaxFileSize");
        assertThat(Files.readString(file())).isEqualTo(before);
        store.update(t -> t.withObjectProperty("PluginSettings").withObjectProperty("PluginStates")
                .putObject("other").put("Enable", true));
        JsonNode saved = ConfigJson.mapper().readTree(file().toFile());
        assertThat(saved.at("/TeamSettings/SiteName").asText()).isEqualTo("Intranet");
        assertThat(saved.at("/PluginSettings/PluginStates/demo/Enable").asBoolean()).isTrue();
        assertThat(saved.at("/PluginSettings/PluginStates/other/Enable").asBoolean()).isTrue();
    }

    // ---- compare-and-set saves, hand edits, file modes ----

    private static ObjectNode readTree(Path file) throws IOException {
        return (ObjectNode) ConfigJson.mapper().readTree(file.toFile());
    }

    private static void handEdit(Path file, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = readTree(file);
        edit.accept(tree);
        Files.write(file, ConfigJson.mapper().writeValueAsBytes(tree));
    }

    private static void enable(ConfigStore store, String id) {
        store.update(t -> t.withObjectProperty("PluginSettings").withObjectProperty("PluginStates")
                .putObject(id).put("Enable", true));
    }

    @Test
    void aSaveAppliesOnlyItsChangeToWhatIsOnDiskNow() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"PluginSettings\":{\"SignaturePublicKeyFiles\":[\"a.asc\",\"b.asc\"]}}");
        FileConfigStore store = new FileConfigStore(file(), EnvOverrides.none());
        handEdit(file(), t -> {
            ObjectNode plugins = t.withObjectProperty("PluginSettings");
            plugins.put("RequirePluginSignature", true).put("EnableUploads", false);
            plugins.putArray("SignaturePublicKeyFiles").add("a.asc");
        });

        enable(store, "com.example.demo");

        JsonNode saved = readTree(file());
        assertThat(saved.at("/PluginSettings/RequirePluginSignature").asBoolean()).isTrue();
        assertThat(saved.at("/PluginSettings/EnableUploads").asBoolean()).isFalse();
        assertThat(saved.at("/PluginSettings/SignaturePublicKeyFiles").toString()).isEqualTo("[\"a.asc\"]");
        assertThat(saved.at("/PluginSettings/PluginStates/com.example.demo/Enable").asBoolean()).isTrue();
        assertThat(store.current().pluginSettings().requirePluginSignature()).isTrue();
    }

    @Test
    void concurrentSavesFromTwoStoresOnOneFileLoseNoChange() throws Exception {
        // Two stores on one file, as the server and the command line are.
        FileConfigStore server = new FileConfigStore(file(), EnvOverrides.none());
        FileConfigStore cli = new FileConfigStore(file(), EnvOverrides.none());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String side : List.of("server", "cli")) {
            FileConfigStore store = side.equals("server") ? server : cli;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 40; i++) {
                    enable(store, side + i);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        JsonNode states = readTree(file()).at("/PluginSettings/PluginStates");
        for (int i = 0; i < 40; i++) {
            assertThat(states.at("/server" + i + "/Enable").asBoolean()).as("server" + i).isTrue();
            assertThat(states.at("/cli" + i + "/Enable").asBoolean()).as("cli" + i).isTrue();
        }
        assertThat(states.size()).isEqualTo(80);
    }

    @Test
    void anInvalidHandEditIsNeitherAppliedNorOverwritten() throws IOException {
        FileConfigStore store = new FileConfigStore(file(), EnvOverrides.none());
        handEdit(file(), t -> t.withObjectProperty("FileSettings").put("MaxFileSize", "big"));
        String edited = Files.readString(file());

        assertThat(store.reload()).isFalse();
        assertThat(store.current().fileSettings().maxFileSize()).isEqualTo(104_857_600L);
        assertThat(store.diskProblem()).get().asString().contains("FileSettings.MaxFileSize");
        assertThatThrownBy(() -> enable(store, "com.example.demo"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("changed on disk and is not valid")
                .hasMessageContaining("FileSettings.MaxFileSize");
        assertThat(Files.readString(file())).isEqualTo(edited);

        Files.writeString(file(), "{ \"PluginSettings\": ");
        assertThat(store.reload()).isFalse();
        assertThatThrownBy(() -> enable(store, "com.example.demo")).hasMessageContaining("not valid JSON");
        assertThat(Files.readString(file())).isEqualTo("{ \"PluginSettings\": ");
    }

    @Test
    void aHandEditIsLoadedAndTheListenersAreTold() throws Exception {
        FileConfigStore store = new FileConfigStore(file(), EnvOverrides.none());
        List<Config> seen = new CopyOnWriteArrayList<>();
        store.addListener((before, after) -> seen.add(after));
        try (AutoCloseable watch = store.followChanges()) {
            handEdit(file(), t -> t.withObjectProperty("PluginSettings").withObjectProperty("PluginStates")
                    .putObject("com.example.demo").put("Enable", true));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.current().pluginSettings().isEnabled("com.example.demo")).isTrue());
            assertThat(seen).anySatisfy(c -> assertThat(c.pluginSettings().isEnabled("com.example.demo")).isTrue());
        }
        assertThat(store.reload()).as("nothing new after a save of our own").isFalse();
    }

    @Test
    void theFileItsTemporaryFilesAndANewFolderAreTheOwnersOnly() throws IOException {
        Path nested = dir.resolve("etc/console/config.json");
        FileConfigStore store = new FileConfigStore(nested, EnvOverrides.none());
        enable(store, "com.example.demo");

        assertThat(mode(nested)).isEqualTo("rw-------");
        assertThat(mode(nested.getParent())).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("etc"))).isEqualTo("rwx------");
        try (var files = Files.list(nested.getParent())) {
            for (Path p : files.toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
                assertThat(p.getFileName().toString()).as("no temporary file left").doesNotEndWith(".tmp");
            }
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
