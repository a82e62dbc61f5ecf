package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of install, enable, disable, remove, settings changes and hand edits, from three threads at once
 * against a running server. Each thread owns its plugin ids, so after each of its changes the next
 * listing (API and service) must show it; at the end the published snapshot must equal a fresh
 * scan of the plugins folder and the configuration. Seeded: a failure names the seed that replays it.
 */
class PluginStatePropertyTest {
    private static final int THREADS = 3;
    private static final int STEPS = 30;

    @TempDir
    Path root;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 2026, 7_000_001})
    void snapshotFollowsEveryChangeAndEndsEqualToTheDisk(long seed) throws Exception {
        try (TestServer server = TestServer.start(root, Map.of(), true)) {
            PluginService plugins = server.server().console().plugins();
            Path folder = server.server().console().folders().root();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Void>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Random random = new Random(seed * 31 + t);
                    String managed = "rand" + t;
                    String manual = "hand" + t;
                    runs.add(pool.submit((Callable<Void>) () -> {
                        for (int step = 0; step < STEPS; step++) {
                            step(plugins, server.server().console().config(), folder, random, managed, manual, step);
                        }
                        return null;
                    }));
                }
                for (Future<Void> run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(published(plugins.list())).as("seed %d", seed)
                            .isEqualTo(freshScan(folder, server)));
        }
    }

    /** One random change by one thread, then the read-your-writes check for it. */
    private static void step(PluginService plugins, io.pluginconsole.config.ConfigStore config, Path folder,
                             Random random, String managed, String manual, int step) throws Exception {
        boolean present = plugins.find(managed).filter(PluginInfo::installed).isPresent();
        switch (random.nextInt(6)) {
            case 0 -> {
                String version = "1." + step + ".0";
                byte[] bundle = HandChangedPluginsTest.webappBundle(managed, version);
                plugins.install(new ByteArrayInputStream(bundle), InstallMode.ALWAYS, InstallSource.UPLOAD);
                assertThat(plugins.find(managed)).get().extracting(p -> p.plugin().manifest().version())
                        .isEqualTo(version);
            }
            case 1 -> {
                if (present) {
                    plugins.enable(managed);
                    assertThat(plugins.find(managed).orElseThrow().enabled()).isTrue();
                }
            }
            case 2 -> {
                if (present) {
                    plugins.disable(managed);
                    assertThat(plugins.find(managed).orElseThrow().enabled()).isFalse();
                }
            }
            case 3 -> {
                if (present) {
                    plugins.remove(managed);
                    assertThat(plugins.find(managed)).isEmpty();
                }
            }
            case 4 -> {
                // A settings change, as the settings page saves it: only this plugin's key, at once visible.
                config.update(tree -> tree.withObjectProperty("PluginSettings").withObjectProperty("Plugins")
                        .withObjectProperty(managed).put("step", step));
                assertThat(PluginService.settings(config.current(), managed)).containsEntry("step", step);
            }
            default -> handEdit(folder.resolve(manual), manual, random, step);
        }
    }

    /** Unpacks, edits or deletes a plugin by hand; the folder watch picks it up on its own time. */
    private static void handEdit(Path dir, String id, Random random, int step) throws Exception {
        if (Files.isDirectory(dir) && random.nextBoolean()) {
            PluginFolders.deleteTree(dir);
            return;
        }
        Path staged = dir.resolveSibling("../staged-" + id).normalize();
        PluginFolders.deleteTree(staged);
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("plugin.json"), TarBuilder.manifest(id, "0." + step + ".0"));
        if (Files.isDirectory(dir)) {
            Files.move(staged.resolve("plugin.json"), dir.resolve("plugin.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            PluginFolders.deleteTree(staged);
        } else {
            Files.move(staged, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** What a listing says, reduced to what disk and configuration decide: id -> version, installed, enabled. */
    private static Map<String, String> published(List<PluginInfo> plugins) {
        Map<String, String> result = new TreeMap<>();
        for (PluginInfo p : plugins) {
            result.put(p.id(), p.plugin().manifest().version() + " installed=" + p.installed()
                    + " enabled=" + p.enabled());
        }
        return result;
    }

    /** The same read straight from disk (a new, empty scan cache) and the saved configuration. */
    private static Map<String, String> freshScan(Path folder, TestServer server) {
        var settings = server.server().console().config().current().pluginSettings();
        Map<String, String> result = new TreeMap<>();
        new PluginFolders(folder).scan().forEach((id, p) -> result.put(id, p.manifest().version()
                + " installed=true enabled=" + settings.isEnabled(id)));
        return result;
    }
}
