package io.pluginconsole.plugins.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes from real plugin folders: handshake, failures, stop, webapp publishing. */
class ProcessRuntimeTest {
    @TempDir
    Path root;
    ProcessRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new ProcessRuntime(new WebappBundles(root.resolve("client/plugins")),
                RuntimeOptions.defaults(Duration.ofSeconds(2), "http://localhost:8065").withStopGrace(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** A plugin folder whose server executable is the given shell script. */
    private Manifest plugin(String id, String script, String extraManifest) throws IOException {
        Path folder = Files.createDirectories(root.resolve("plugins").resolve(id));
        String manifest = "{\"id\":\"" + id + "\",\"version\":\"1.0.0\"" + extraManifest
                + (script == null ? "" : ",\"server\":{\"executable\":\"server/plugin.sh\"}") + "}";
        Files.writeString(folder.resolve("plugin.json"), manifest);
        if (script != null) {
            Path exe = Files.createDirectories(folder.resolve("server")).resolve("plugin.sh");
            Files.writeString(exe, "#!/bin/sh\n" + script + "\n");
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return ManifestParser.find(folder).manifest();
    }

    private Path folder(String id) {
        return root.resolve("plugins").resolve(id);
    }

    @Test
    void healthyPluginRunsAndStopsWithoutOrphans() throws Exception {
        Manifest manifest = plugin("healthy", "echo starting\n"
                + "[ \"$MATTERMOST_PLUGIN\" = 'Securely message teams, anywhere.' ] || exit 9\n"
                + "echo \"1|1|tcp|127.0.0.1:12345|netrpc\"\nexec sleep 300", "");
        runtime.activate("healthy", folder("healthy"), manifest);
        assertThat(runtime.status("healthy").state()).isEqualTo(PluginState.RUNNING);
        ProcessHandle process = runtime.process("healthy");
        assertThat(process.isAlive()).isTrue();

        runtime.deactivate("healthy");
        process.onExit().get(5, TimeUnit.SECONDS);
        assertThat(process.isAlive()).isFalse();
        assertThat(runtime.status("healthy").state()).isEqualTo(PluginState.NOT_RUNNING);
    }

    @Test
    void pluginWithoutHandshakeFailsToStartAndIsKilled() throws Exception {
        Manifest manifest = plugin("silent", "exec sleep 300", "");
        assertThatThrownBy(() -> runtime.activate("silent", folder("silent"), manifest))
                .isInstanceOf(PluginException.class);
        PluginStatus status = runtime.status("silent");
        assertThat(status.state()).isEqualTo(PluginState.FAILED_TO_START);
        assertThat(status.error()).isEqualTo("the plugin did not print its handshake line within 2 s");
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("sleep 300")).count()).isZero();
    }

    @Test
    void pluginThatExitsAtOnceReportsItsExitCode() throws Exception {
        Manifest manifest = plugin("quitter", "echo 'bad config' >&2\nexit 3", "");
        assertThatThrownBy(() -> runtime.activate("quitter", folder("quitter"), manifest))
                .isInstanceOf(PluginException.class);
        assertThat(runtime.status("quitter").error()).isEqualTo("the plugin process exited with code 3 before its handshake");
    }

    @Test
    void tooNewMinServerVersionIsRefusedWithMattermostsMessage() throws Exception {
        Manifest manifest = plugin("future", "exit 0", ",\"min_server_version\":\"99.0.0\"");
        assertThatThrownBy(() -> runtime.activate("future", folder("future"), manifest))
                .isInstanceOf(PluginException.class);
        assertThat(runtime.status("future").error()).isEqualTo("plugin requires Mattermost 99.0.0: future");
    }

    @Test
    void webappOnlyPluginPublishesItsBundleUnderItsHash() throws Exception {
        Manifest manifest = plugin("webonly", null, ",\"webapp\":{\"bundle_path\":\"webapp/dist/main.js\"}");
        Path dist = Files.createDirectories(folder("webonly").resolve("webapp/dist"));
        Files.writeString(dist.resolve("main.js"), "window.registerPlugin('webonly', {});");
        Files.writeString(dist.resolve("main.css"), "body{}");

        runtime.activate("webonly", folder("webonly"), manifest);

        assertThat(runtime.status("webonly").state()).isEqualTo(PluginState.RUNNING);
        String file = runtime.webappBundle("webonly");
        assertThat(file).matches("webonly_[0-9a-f]{16}_bundle\\.js");
        Path published = root.resolve("client/plugins/webonly");
        assertThat(published.resolve(file)).hasContent("window.registerPlugin('webonly', {});");
        assertThat(published.resolve("main.css")).exists();
        runtime.deactivate("webonly");
        assertThat(published).doesNotExist();
    }

    @Test
    void pluginWithNeitherPartCannotStart() throws Exception {
        Manifest manifest = plugin("empty", null, "");
        assertThatThrownBy(() -> runtime.activate("empty", folder("empty"), manifest)).isInstanceOf(PluginException.class);
        assertThat(runtime.status("empty").error()).contains("must at least have a web app or server component");
    }

    @Test
    void closeStopsEveryPlugin() throws Exception {
        Manifest a = plugin("one", "echo '1|1|tcp|127.0.0.1:1|netrpc'\nexec sleep 300", "");
        Manifest b = plugin("two", "echo '1|1|tcp|127.0.0.1:2|netrpc'\nexec sleep 300", "");
        runtime.activate("one", folder("one"), a);
        runtime.activate("two", folder("two"), b);
        ProcessHandle p1 = runtime.process("one");
        ProcessHandle p2 = runtime.process("two");
        runtime.close();
        p1.onExit().get(5, TimeUnit.SECONDS);
        p2.onExit().get(5, TimeUnit.SECONDS);
        assertThat(p1.isAlive() || p2.isAlive()).isFalse();
    }

    @Test
    void fnv1a64MatchesGosHash() throws IOException {
        Path empty = Files.write(root.resolve("empty"), new byte[0]);
        Path a = Files.write(root.resolve("a"), "a".getBytes(StandardCharsets.UTF_8));
        assertThat(WebappBundles.fnv1a64(empty)).isEqualTo("cbf29ce484222325");
        assertThat(WebappBundles.fnv1a64(a)).isEqualTo("af63dc4c8601ec8c");
    }

    @Test
    void crashingPluginIsRestartedThenGivenUpAfterThreeFailures() throws Exception {
        runtime.close();
        runtime = new ProcessRuntime(new WebappBundles(root.resolve("client/plugins")),
                RuntimeOptions.defaults(Duration.ofSeconds(2), "").withStopGrace(Duration.ofSeconds(2))
                        .withHealthInterval(Duration.ofMillis(200)));
        Manifest manifest = plugin("crashy", "echo start >> ../../starts.log\n"
                + "echo '1|1|tcp|127.0.0.1:1|netrpc'\nsleep 0.3\nexit 1", "");
        runtime.activate("crashy", folder("crashy"), manifest);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (runtime.status("crashy").state() != PluginState.CRASHING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runtime.status("crashy").state()).isEqualTo(PluginState.CRASHING);
        assertThat(runtime.status("crashy").error()).contains("crashed multiple times")
                .contains("exited with code 1");
        assertThat(Files.readAllLines(root.resolve("starts.log"))).hasSize(3);
        assertThat(runtime.process("crashy")).isNull();
    }

    @Test
    void pluginThatFailsOnceIsRestartedAndKeepsRunning() throws Exception {
        runtime.close();
        runtime = new ProcessRuntime(new WebappBundles(root.resolve("client/plugins")),
                RuntimeOptions.defaults(Duration.ofSeconds(2), "").withStopGrace(Duration.ofSeconds(2))
                        .withHealthInterval(Duration.ofMillis(200)));
        Manifest manifest = plugin("flaky", "echo '1|1|tcp|127.0.0.1:1|netrpc'\n"
                + "if [ ! -f ../../failed-once ]; then touch ../../failed-once; sleep 0.2; exit 2; fi\nexec sleep 300", "");
        runtime.activate("flaky", folder("flaky"), manifest);
        ProcessHandle first = runtime.process("flaky");
        first.onExit().get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((runtime.process("flaky") == null || runtime.process("flaky").pid() == first.pid())
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runtime.process("flaky")).isNotNull();
        assertThat(runtime.process("flaky").isAlive()).isTrue();
        assertThat(runtime.status("flaky").state()).isEqualTo(PluginState.RUNNING);
    }

    /**
     * A 150 MB line without a line break, read by a server with a 32 MB heap: the line is cut at
     * 64 KB, the rest drained and counted, and the plugin keeps running. Reading the whole line
     * would need several times that heap, and the child exits on OutOfMemoryError.
     */
    @Test
    void hugeOutputLineIsCutWithoutGrowingTheHeap() throws Exception {
        Path folder = Files.createDirectories(root.resolve("huge"));
        Files.writeString(folder.resolve("plugin.json"),
                "{\"id\":\"huge\",\"version\":\"1.0.0\",\"server\":{\"executable\":\"plugin.sh\"}}");
        Path exe = folder.resolve("plugin.sh");
        Files.writeString(exe, "#!/bin/sh\necho '1|1|tcp|127.0.0.1:1|netrpc'\n"
                + "head -c 150000000 /dev/zero | tr '\\0' x\necho\necho 'after the huge line'\nexec sleep 300\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                RunPluginWithHugeLine.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        long dropped = 150_000_000L - ProcessRuntime.MAX_OUTPUT_LINE;
        String note = " [line truncated: " + dropped + " bytes dropped]";
        int logged = "plugin_id=huge source=plugin_stdout ".length() + ProcessRuntime.MAX_OUTPUT_LINE + note.length();
        assertThat(output).contains("LOG INFO " + logged + " ")
                .contains("x" + note + "\n")
                .contains("after the huge line")
                .contains("STATE RUNNING ALIVE true");
    }

    @Test
    void lastTwentyStderrLinesAreKept() throws Exception {
        Manifest manifest = plugin("noisy", "i=1\nwhile [ $i -le 30 ]; do echo \"problem $i\" >&2; i=$((i+1)); done\n"
                + "exit 4", "");
        assertThatThrownBy(() -> runtime.activate("noisy", folder("noisy"), manifest))
                .isInstanceOf(PluginException.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.recentStderr("noisy").contains("problem 30"));
        List<String> tail = runtime.recentStderr("noisy");
        assertThat(tail).hasSize(20);
        assertThat(tail.get(0)).isEqualTo("problem 11");
        assertThat(tail.get(19)).isEqualTo("problem 30");
    }

    @Test
    void outputLinesAreCutAtACharacterBoundaryAndCounted() throws IOException {
        // 6 bytes of room: "ab" and one 3-byte euro sign fit; the second would be cut, so it is dropped whole.
        byte[] input = "ab\u20ac\u20acz\nshort\r\nlast".getBytes(StandardCharsets.UTF_8);
        CappedLineReader reader = new CappedLineReader(new java.io.ByteArrayInputStream(input), 6);
        assertThat(reader.next()).isEqualTo(new CappedLineReader.Line("ab\u20ac", 4));
        assertThat(reader.next()).isEqualTo(new CappedLineReader.Line("short", 0));
        assertThat(reader.next()).isEqualTo(new CappedLineReader.Line("last", 0));
        assertThat(reader.next()).isNull();
    }

    @Test
    void crashPolicyFollowsMattermostsWindow() {
        CrashPolicy policy = CrashPolicy.mattermost();
        long minute = 60_000;
        assertThat(policy.failed("a", 0)).isFalse();
        assertThat(policy.failed("a", 5 * minute)).isFalse();
        assertThat(policy.failed("a", 12 * minute)).isTrue();
        assertThat(policy.failed("b", 0)).isFalse();
        assertThat(policy.failed("b", 60 * minute)).isFalse();
        assertThat(policy.failed("b", 120 * minute)).isFalse();
    }
}
