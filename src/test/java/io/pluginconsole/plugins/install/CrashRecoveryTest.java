package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.bundle.BundleReader;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real JVM (SIGKILL) in the middle of a forced upgrade, at each step of the install, then
 * starts the console again over the same folders: the plugin must be either the old or the new
 * version, complete, with the file store agreeing, and no debris left.
 */
class CrashRecoveryTest {
    @TempDir
    Path root;

    private static TarBuilder version(String version, int files) {
        TarBuilder bundle = TarBuilder.plugin("demo", manifest("demo", version));
        for (int i = 0; i < files; i++) {
            bundle.file("demo/data/file" + i + ".txt", version + "-" + i);
        }
        return bundle;
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({"staged,1.0.0", "unpacked,1.0.0", "old-moved,1.0.0", "switched,1.0.0", "stored,2.0.0",
            "done,2.0.0"})
    void killedInstallLeavesOldOrNewVersion(String step, String expectedVersion) throws Exception {
        Workspace ws = new Workspace(root);
        ws.install(version("1.0.0", 50).tarGz(), InstallMode.IF_NEW);
        Map<String, String> oldTree = tree(ws);
        byte[] oldBundle = Files.readAllBytes(ws.storedBundle("demo"));
        byte[] newBundle = version("2.0.0", 80).tarGz();
        Path bundleFile = Files.write(root.resolve("outside/new.tar.gz"), newBundle);

        Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                InstallUntilKilled.class.getName(), root.toString(), bundleFile.toString(), step)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("AT " + step);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Workspace restarted = new Workspace(root);
        var report = restarted.plugins().syncFromFileStore();

        assertThat(report.problems()).isEmpty();
        assertThat(restarted.debris()).isEmpty();
        assertThat(restarted.plugins().list()).hasSize(1);
        assertThat(restarted.plugins().list().get(0).plugin().manifest().version()).isEqualTo(expectedVersion);
        if (expectedVersion.equals("1.0.0")) {
            assertThat(tree(restarted)).isEqualTo(oldTree);
            assertThat(restarted.storedBundle("demo")).hasBinaryContent(oldBundle);
        } else {
            assertThat(tree(restarted)).hasSize(80 + 3).containsKey("data/file79.txt");
            assertThat(restarted.storedBundle("demo")).hasBinaryContent(newBundle);
        }
    }

    /** The plugin's files, without the install record (its time differs between installs). */
    private static Map<String, String> tree(Workspace ws) {
        Map<String, String> files = Workspace.snapshot(ws.pluginsDir().resolve("demo"));
        files.keySet().removeIf(k -> k.equals(BundleReader.INSTALL_RECORD));
        return files;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
