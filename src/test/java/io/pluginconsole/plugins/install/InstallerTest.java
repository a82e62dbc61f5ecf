package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import io.pluginconsole.web.ErrorStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
    @TempDir
    Path root;
    Workspace ws;
    RecordingRuntime runtime = new RecordingRuntime();

    @BeforeEach
    void setUp() {
        ws = new Workspace(root);
        ws.open(runtime, BundleLimits.defaults(), InstallSteps.NONE);
    }

    private static byte[] demo(String version, String content) {
        return TarBuilder.plugin("demo", manifest("demo", version)).file("demo/payload.txt", content).tarGz();
    }

    @Test
    void installNeverEnables() {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        assertThat(ws.plugins().list().get(0).enabled()).isFalse();
        assertThat(runtime.events).isEmpty();
    }

    @Test
    void reinstallingAnEnabledPluginRestartsIt() {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        ws.plugins().enable("demo");
        ws.install(demo("2.0.0", "v2"), InstallMode.ALWAYS);
        assertThat(runtime.events).containsExactly("start demo 1.0.0", "stop demo", "start demo 2.0.0");
        assertThat(ws.plugins().list().get(0).enabled()).isTrue();
    }

    // A05: the new version fails to start, the previous one comes back and runs again.
    @Test
    void a05_failedStartRestoresThePreviousVersion() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        ws.plugins().enable("demo");
        Map<String, String> before = Workspace.snapshot(ws.pluginsDir().resolve("demo"));
        byte[] stored = Files.readAllBytes(ws.storedBundle("demo"));
        runtime.failingVersion = "2.0.0";

        assertThatThrownBy(() -> ws.install(demo("2.0.0", "v2"), InstallMode.ALWAYS))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.RESTART);
                    assertThat(ErrorStatus.of(e.kind())).isEqualTo(500);
                    assertThat(e.getMessage()).contains("failed to start; the previous version was restored");
                });
        assertThat(Workspace.snapshot(ws.pluginsDir().resolve("demo"))).isEqualTo(before);
        assertThat(ws.storedBundle("demo")).hasBinaryContent(stored);
        assertThat(runtime.running).containsEntry("demo", "1.0.0");
        assertThat(runtime.events).endsWith("failed demo 2.0.0", "start demo 1.0.0");
        assertThat(ws.debris()).isEmpty();
    }

    @Test
    void fileStoreRefusingTheWriteLeavesThePreviousVersion() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        Map<String, String> before = Workspace.snapshot(ws.pluginsDir().resolve("demo"));
        // A folder where the bundle object should go makes the store's write fail for real.
        Path stored = ws.storedBundle("demo");
        Files.delete(stored);
        Files.createDirectories(stored.resolve("blocker"));

        assertThatThrownBy(() -> ws.install(demo("2.0.0", "v2"), InstallMode.ALWAYS))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.STORE_BUNDLE);
                    assertThat(e.getMessage()).contains("Unable to save the plugin to the file store");
                });
        assertThat(Workspace.snapshot(ws.pluginsDir().resolve("demo"))).isEqualTo(before);
        assertThat(ws.debris()).isEmpty();

        Files.createDirectories(ws.dataDir().resolve("plugins/fresh.tar.gz/blocker"));
        assertThatThrownBy(() -> ws.install(TarBuilder.plugin("fresh", manifest("fresh", "1.0.0")).tarGz(),
                InstallMode.IF_NEW)).isInstanceOf(PluginException.class);
        assertThat(ws.pluginsDir().resolve("fresh")).doesNotExist();
    }

    // W23: two uploads of the same id at once: one wins, the other is told, one complete tree.
    @Test
    void concurrentInstallsOfTheSameIdAreSerialised() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (String version : new String[] {"1.0.0", "1.0.1"}) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    ws.plugins().install(new ByteArrayInputStream(demo(version, version)), InstallMode.IF_NEW, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
                    return "ok";
                } catch (PluginException e) {
                    return e.id();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsExactlyInAnyOrder("ok", ErrorIds.INSTALL_ID);
        String version = ws.plugins().list().get(0).plugin().manifest().version();
        assertThat(ws.pluginsDir().resolve("demo/payload.txt")).hasContent(version);
        assertThat(ws.debris()).isEmpty();
    }

    @Test
    void removeDeletesFolderAndBundleButKeepsSettings() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        ws.plugins().enable("demo");
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .withObjectProperty("Plugins").putObject("demo").put("apikey", "secret"));

        ws.plugins().remove("DEMO");

        assertThat(ws.pluginsDir().resolve("demo")).doesNotExist();
        assertThat(ws.storedBundle("demo")).doesNotExist();
        assertThat(runtime.running).doesNotContainKey("demo");
        var settings = ws.console().config().current().pluginSettings();
        assertThat(settings.isEnabled("demo")).isFalse();
        assertThat(settings.plugins().get("demo")).containsEntry("apikey", "secret");
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        assertThat(ws.plugins().list().get(0).enabled()).as("re-upload after removal is inactive").isFalse();
    }

    @Test
    void unknownIdsAreNotFound() {
        for (Runnable action : List.<Runnable>of(() -> ws.plugins().remove("junk"),
                () -> ws.plugins().enable("JUNK"), () -> ws.plugins().disable("bad.id"))) {
            assertThatThrownBy(action::run).isInstanceOfSatisfying(PluginException.class, e -> {
                assertThat(e.id()).isEqualTo(ErrorIds.NOT_INSTALLED);
                assertThat(ErrorStatus.of(e.kind())).isEqualTo(404);
            });
        }
    }

    @Test
    void removeKeepsThePluginWhenTheStoreCannotDelete() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        Path stored = ws.storedBundle("demo");
        Files.delete(stored);
        Files.createDirectories(stored.resolve("blocker"));
        assertThatThrownBy(() -> ws.plugins().remove("demo"))
                .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.id()).isEqualTo(ErrorIds.REMOVE_BUNDLE));
        assertThat(ws.pluginsDir().resolve("demo/payload.txt")).hasContent("v1");
    }

    @Test
    void oversizedBundleIsRefusedWhileStreaming() {
        ws.console().config().update(tree -> tree.withObjectProperty("FileSettings").put("MaxFileSize", 1000));
        byte[] big = TarBuilder.plugin("demo", manifest("demo", "1.0.0"))
                .file("demo/noise.bin", new java.util.Random(3).ints(5000).collect(StringBuilder::new,
                        StringBuilder::append, StringBuilder::append).toString()).tarGz();
        assertThatThrownBy(() -> ws.install(big, InstallMode.IF_NEW))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.FILE_TOO_LARGE);
                    assertThat(ErrorStatus.of(e.kind())).isEqualTo(413);
                    assertThat(e.getMessage()).contains("max 1000 bytes").contains("FileSettings.MaxFileSize");
                });
        assertThat(ws.debris()).isEmpty();
    }

    @Test
    void syncInstallsWhatTheStoreHoldsAndRemovesWhatItLost() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        ws.install(TarBuilder.plugin("other", manifest("other", "1.0.0")).tarGz(), InstallMode.IF_NEW);
        // A fresh node: empty plugins folder, same file store.
        PluginFolders.deleteTree(ws.pluginsDir());
        Files.delete(ws.storedBundle("other"));

        SyncReport report = ws.plugins().syncFromFileStore();

        assertThat(report.installed()).containsExactly("demo");
        assertThat(ws.pluginsDir().resolve("demo/payload.txt")).hasContent("v1");
        assertThat(ws.pluginsDir().resolve("other")).doesNotExist();

        ws.install(TarBuilder.plugin("other", manifest("other", "1.0.0")).tarGz(), InstallMode.IF_NEW);
        Files.delete(ws.storedBundle("other"));
        SyncReport second = ws.plugins().syncFromFileStore();
        assertThat(second.removed()).containsExactly("other");
        assertThat(second.kept()).containsExactly("demo");
        assertThat(ws.pluginsDir().resolve("other")).doesNotExist();
    }

    @Test
    void manualInstallsAreListedAndNeverTouchedBySync() throws IOException {
        Path manual = ws.pluginsDir().resolve("by-hand");
        Files.createDirectories(manual);
        Files.writeString(manual.resolve("plugin.json"), manifest("handmade", "0.1.0"));
        ws.install(TarBuilder.plugin("handmade", manifest("handmade", "9.9.9")).tarGz(), InstallMode.ALWAYS);
        // The managed install replaced the manual one; put a manual one back for another id.
        Path second = ws.pluginsDir().resolve("mine");
        Files.createDirectories(second);
        Files.writeString(second.resolve("plugin.json"), manifest("mine", "0.1.0"));

        ws.plugins().syncFromFileStore();

        assertThat(second.resolve("plugin.json")).exists();
        var mine = ws.plugins().list().stream().filter(p -> p.id().equals("mine")).findFirst().orElseThrow();
        assertThat(mine.plugin().managed()).isFalse();
        ws.plugins().enable("mine");
        assertThat(ws.plugins().list().stream().filter(p -> p.id().equals("mine")).findFirst().orElseThrow().enabled())
                .isTrue();
    }

    // A49: a stored bundle changed behind the console's back is not unpacked.
    @Test
    void a49_tamperedStoredBundleIsNotReinstalled() throws IOException {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        Map<String, String> before = Workspace.snapshot(ws.pluginsDir().resolve("demo"));
        Files.write(ws.storedBundle("demo"), demo("1.0.0", "evil"));

        SyncReport report = ws.plugins().syncFromFileStore();

        assertThat(report.problems()).anyMatch(p -> p.contains("failed its integrity check"));
        assertThat(ws.plugins().alerts()).anyMatch(p -> p.contains("Plugin demo failed its integrity check"));
        assertThat(Workspace.snapshot(ws.pluginsDir().resolve("demo"))).isEqualTo(before);
    }

    // W24: an upload racing a removal of the same id is serialised; disk and store always agree.
    @Test
    void installRacingRemoveLeavesDiskAndStoreInAgreement() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 10; round++) {
            ws.install(demo("1.0.0", "v1"), InstallMode.ALWAYS);
            CountDownLatch start = new CountDownLatch(1);
            Future<?> install = pool.submit(() -> {
                start.await();
                try {
                    ws.plugins().install(new ByteArrayInputStream(demo("2.0.0", "v2")), InstallMode.ALWAYS, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
                } catch (PluginException e) {
                    assertThat(e.id()).isIn(ErrorIds.BUSY);
                }
                return null;
            });
            Future<?> remove = pool.submit(() -> {
                start.await();
                try {
                    ws.plugins().remove("demo");
                } catch (PluginException e) {
                    assertThat(e.id()).isIn(ErrorIds.NOT_INSTALLED, ErrorIds.BUSY);
                }
                return null;
            });
            start.countDown();
            install.get();
            remove.get();
            boolean listed = ws.plugins().list().stream().anyMatch(p -> p.id().equals("demo"));
            assertThat(Files.exists(ws.storedBundle("demo"))).as("round %d", round).isEqualTo(listed);
            assertThat(Files.exists(ws.pluginsDir().resolve("demo"))).isEqualTo(listed);
            assertThat(ws.debris()).isEmpty();
        }
        pool.shutdown();
    }

    // Rescans reuse what they read, but see every change: replaced folders, edits in place, new and gone
    // folders. (A server rescans on its folder watch; here the rescan is asked for.)
    @Test
    void rescanSeesChangesMadeBehindItsBack() throws Exception {
        ws.install(demo("1.0.0", "v1"), InstallMode.IF_NEW);
        assertThat(ws.plugins().list().get(0).plugin().manifest().version()).isEqualTo("1.0.0");
        Path manifest = ws.pluginsDir().resolve("demo/plugin.json");
        Files.writeString(manifest, TarBuilder.manifest("demo", "1.0.1"));
        Files.setLastModifiedTime(manifest, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        ws.plugins().refresh();
        assertThat(ws.plugins().list().get(0).plugin().manifest().version()).isEqualTo("1.0.1");
        ws.install(demo("2.0.0", "v2"), InstallMode.ALWAYS);
        assertThat(ws.plugins().list().get(0).plugin().manifest().version()).isEqualTo("2.0.0");
        Path manual = Files.createDirectories(ws.pluginsDir().resolve("manual"));
        Files.writeString(manual.resolve("plugin.json"), TarBuilder.manifest("manual", "0.1.0"));
        ws.plugins().refresh();
        assertThat(ws.plugins().list()).extracting(p -> p.id()).containsExactlyInAnyOrder("demo", "manual");
        PluginFolders.deleteTree(manual);
        ws.plugins().refresh();
        assertThat(ws.plugins().list()).extracting(p -> p.id()).containsExactly("demo");
    }

    @Test
    void bundleWithoutAnExecutableForThisHostNamesThePlatformsItSupports() {
        byte[] bundle = TarBuilder.plugin("macos", "{\"id\":\"macos\",\"server\":{\"executables\":{"
                + "\"darwin-arm64\":\"server/plugin-darwin-arm64\",\"windows-amd64\":\"server/plugin.exe\"}}}")
                .file("macos/server/plugin-darwin-arm64", "x").file("macos/server/plugin.exe", "x").tarGz();
        assertThatThrownBy(() -> ws.install(bundle, InstallMode.IF_NEW))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.MANIFEST);
                    assertThat(e.getMessage()).contains("no server executable for "
                            + io.pluginconsole.plugins.bundle.Platform.current())
                            .contains("built for darwin-arm64, windows-amd64");
                });
        assertThat(ws.pluginsDir().resolve("macos")).doesNotExist();
    }
}
