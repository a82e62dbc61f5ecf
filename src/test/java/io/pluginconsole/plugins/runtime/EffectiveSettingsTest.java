package io.pluginconsole.plugins.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's server part gets its effective settings: what is stored, over its schema's defaults. */
class EffectiveSettingsTest {
    static final String ID = "com.example.defaults";
    static final String SCHEMA = ",\"settings_schema\":{\"settings\":["
            + "{\"key\":\"Greeting\",\"type\":\"text\",\"default\":\"hello\"},"
            + "{\"key\":\"Limit\",\"type\":\"number\",\"default\":5},"
            + "{\"key\":\"Loud\",\"type\":\"bool\",\"default\":true},"
            + "{\"key\":\"Color\",\"type\":\"text\"}]}";

    @TempDir
    Path root;

    @Test
    void defaultsAreSentUntilAValueIsStored() throws Exception {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"),
                true)) {
            RunningPlugins plugins = new RunningPlugins(server);
            plugins.install(TestPlugins.http(ID, "healthy", SCHEMA).tarGz());
            plugins.enable(ID);
            plugins.awaitState(ID, 2, Duration.ofSeconds(30));
            assertThat(received()).contains("\"greeting\":\"hello\"").contains("\"limit\":5").contains("\"loud\":true")
                    .doesNotContain("color");

            plugins.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + ID + "\":{\"greeting\":\"bonjour\"}}}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> received().contains("bonjour"));
            assertThat(received()).contains("\"limit\":5").contains("\"loud\":true");
        }
    }

    private String received() throws java.io.IOException {
        Path file = root.resolve("plugins").resolve(ID).resolve("received-settings.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
