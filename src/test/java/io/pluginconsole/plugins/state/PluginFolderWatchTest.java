package io.pluginconsole.plugins.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.config.Config;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.testing.TarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder watch rescans for what can change the listing, and not for a plugin's own files. */
class PluginFolderWatchTest {
    @TempDir
    Path root;

    @Test
    void filesAPluginWritesInItsFolderCauseNoRescanButItsManifestDoes() throws Exception {
        Path dir = Files.createDirectories(root.resolve("busy"));
        Files.writeString(dir.resolve("plugin.json"), TarBuilder.manifest("busy", "1.0.0"));
        PluginCatalog catalog = new PluginCatalog(new PluginFolders(root), Map::of, Config::defaults,
                new OfflineRuntime());
        catalog.refresh();
        // A period far longer than the test: every rescan seen below comes from the watch.
        try (PluginFolderWatch watch = PluginFolderWatch.start(root, catalog, Duration.ofMinutes(10))) {
            // A new folder in the plugins folder is seen once the watch is registered: then it is live.
            java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Files.createDirectories(root.resolve("probe-" + probes.incrementAndGet()));
                return watch.rescans() >= 1;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                long seen = watch.rescans();
                Thread.sleep(300);
                return watch.rescans() == seen; // the probes' rescans are over
            });
            long before = watch.rescans();
            for (int i = 0; i < 50; i++) {
                Files.writeString(dir.resolve("requests.log"), "line " + i + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Files.writeString(dir.resolve("cache-" + i + ".tmp"), "x");
            }
            Thread.sleep(500); // time for a rescan per write, had the watch reacted to them
            assertThat(watch.rescans()).as("rescans for the plugin's own files").isEqualTo(before);

            Files.writeString(dir.resolve("plugin.json"), TarBuilder.manifest("busy", "1.1.0"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "1.1.0".equals(
                    catalog.current().find("busy").map(p -> p.plugin().manifest().version()).orElse("")));
        }
    }
}
