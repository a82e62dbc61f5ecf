package io.pluginconsole.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
