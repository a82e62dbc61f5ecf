package io.pluginconsole.plugins.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.HttpTestPlugin;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Real plugin processes through the real server: a healthy one, one that never handshakes, one
 * that exits at once, one that crashes after a while, one that stops answering pings, one that
 * refuses its settings. Health checks run every second here.
 */
class RunningPluginsTest {
    @TempDir
    static Path root;
    static TestServer server;
    static RunningPlugins plugins;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // keeps the logging thread's MDC with the event
            super.append(event);
        }
    };

    @BeforeAll
    static void start() {
        LOGS.start();
        Logger runtimeLog = (Logger) LoggerFactory.getLogger(ProcessRuntime.class);
        runtimeLog.setLevel(ch.qos.logback.classic.Level.INFO);
        runtimeLog.setAdditive(false);
        runtimeLog.addAppender(LOGS);
        server = TestServer.start(root, Map.of(
                "MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "3",
                "MM_PLUGINSETTINGS_HEALTHCHECKINTERVALSECONDS", "1"), true);
        plugins = new RunningPlugins(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        Logger runtimeLog = (Logger) LoggerFactory.getLogger(ProcessRuntime.class);
        runtimeLog.detachAppender(LOGS);
        runtimeLog.setLevel(null);
        runtimeLog.setAdditive(true);
        assertThat(RunningPlugins.pluginProcesses()).as("no plugin process outlives the server").isEmpty();
    }

    private static List<ILoggingEvent> logsOf(String id) {
        synchronized (LOGS.list) {
            return LOGS.list.stream().filter(e -> id.equals(e.getMDCPropertyMap().get("plugin_id"))).toList();
        }
    }

    private static long starts(String id) {
        return logsOf(id).stream().filter(e -> e.getFormattedMessage().contains("starting in mode")).count();
    }

    @Test
    void healthyPluginRunsLogsItsOutputAndStopsWithDisable() {
        String id = "com.example.healthy";
        plugins.install(TestPlugins.httpBundle(id, "healthy"));
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 2, Duration.ofSeconds(20));
        assertThat(status.get("error").asText()).isEmpty();
        ProcessHandle process = server.server().runtime().process(id);
        assertThat(process.isAlive()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> logsOf(id).stream().anyMatch(e ->
                "plugin_stderr".equals(e.getMDCPropertyMap().get("source"))
                        && e.getFormattedMessage().contains("test plugin stderr line")));
        assertThat(logsOf(id)).anyMatch(e -> "plugin_stdout".equals(e.getMDCPropertyMap().get("source"))
                && e.getFormattedMessage().contains("starting in mode healthy"));
        // stderr is logged at WARN (so "WARN and above" shows it), stdout at INFO.
        assertThat(logsOf(id)).filteredOn(e -> e.getFormattedMessage().contains("test plugin stderr line"))
                .allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
        assertThat(logsOf(id)).filteredOn(e -> e.getFormattedMessage().contains("starting in mode healthy"))
                .allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO);
        assertThat(server.server().runtime().recentStderr(id)).contains("test plugin stderr line");

        plugins.disable(id);
        assertThat(plugins.status(id).get("state").asInt()).isEqualTo(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
        assertThat(new Api(server.url()).get("/plugins/" + id + "/x").status()).isEqualTo(404);
    }

    /**
     * A 110 MB line on stdout: the reader keeps 64 KB of it and drains the rest, so the plugin
     * neither blocks nor sees a broken pipe, stays Running and healthy, and keeps answering.
     */
    @Test
    void hugeOutputLineIsTruncatedAndThePluginKeepsRunning() {
        String id = "com.example.chatty";
        plugins.install(TestPlugins.httpBundle(id, "huge-line"));
        plugins.enable(id);
        plugins.awaitState(id, 2, Duration.ofSeconds(20));
        ProcessHandle process = server.server().runtime().process(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> logsOf(id).stream()
                .anyMatch(e -> e.getFormattedMessage().endsWith("after the huge line")));

        long dropped = HttpTestPlugin.HUGE_LINE - ProcessRuntime.MAX_OUTPUT_LINE;
        List<ILoggingEvent> truncated = logsOf(id).stream()
                .filter(e -> e.getFormattedMessage().contains("[line truncated:")).toList();
        assertThat(truncated).hasSize(1);
        String message = truncated.get(0).getFormattedMessage();
        assertThat(message).endsWith("x [line truncated: " + dropped + " bytes dropped]");
        assertThat(message.length()).isLessThan(ProcessRuntime.MAX_OUTPUT_LINE + 200);
        assertThat(logsOf(id)).noneMatch(e -> e.getFormattedMessage().contains("stdout is broken"));

        // Still the same process, Running, healthy through several checks, and answering through the proxy.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> plugins.status(id).get("state").asInt() == 2);
        assertThat(server.server().runtime().process(id)).isEqualTo(process);
        assertThat(process.isAlive()).isTrue();
        Api.Response echo = new Api(server.url()).get("/plugins/" + id + "/still-there",
                Api.bearer(plugins.adminToken()));
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.body()).contains("uri=/still-there");
        plugins.disable(id);
    }

    @Test
    void pluginThatNeverHandshakesFailsToStartAndIsKilled() {
        String id = "com.example.silent";
        plugins.install(TestPlugins.httpBundle(id, "silent"));
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 3, Duration.ofSeconds(20));
        assertThat(status.get("error").asText()).isEqualTo("the plugin did not print its handshake line within 3 s");
        await().atMost(Duration.ofSeconds(10)).until(() -> RunningPlugins.pluginProcesses().stream()
                .noneMatch(p -> p.info().commandLine().orElse("").endsWith(" silent")));
    }

    @Test
    void pluginThatExitsAtOnceFailsToStartWithItsExitCode() {
        String id = "com.example.exits";
        plugins.install(TestPlugins.httpBundle(id, "exit"));
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 3, Duration.ofSeconds(20));
        assertThat(status.get("error").asText()).isEqualTo("the plugin process exited with code 3 before its handshake");
        await().atMost(Duration.ofSeconds(5)).until(() -> logsOf(id).stream()
                .anyMatch(e -> e.getFormattedMessage().contains("cannot start: missing license")));
    }

    @Test
    void pluginThatKeepsCrashingIsRestartedThenStoppedAsCrashing() {
        String id = "com.example.crashes";
        plugins.install(TestPlugins.httpBundle(id, "crash-after"));
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 4, Duration.ofSeconds(60));
        assertThat(status.get("error").asText()).startsWith("This plugin crashed multiple times")
                .contains("exited with code 2");
        assertThat(starts(id)).as("started, then restarted twice").isEqualTo(3);
        assertThat(server.server().runtime().process(id)).isNull();

        plugins.enable(id); // enabling again gives it a fresh start
        plugins.awaitState(id, 2, Duration.ofSeconds(20));
        plugins.disable(id);
    }

    @Test
    void pluginThatStopsAnsweringPingsIsRestartedThenCrashing() {
        String id = "com.example.stuck";
        plugins.install(TestPlugins.httpBundle(id, "unresponsive"));
        plugins.enable(id);
        plugins.awaitState(id, 2, Duration.ofSeconds(20));
        JsonNode status = plugins.awaitState(id, 4, Duration.ofSeconds(60));
        assertThat(status.get("error").asText()).contains("plugin RPC connection is not responding")
                .contains("HTTP 503");
        assertThat(starts(id)).isEqualTo(3);
    }

    @Test
    void pluginThatRefusesItsSettingsFailsToStartWithItsReason() {
        String id = "com.example.picky";
        plugins.install(TestPlugins.httpBundle(id, "refuse-settings"));
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 3, Duration.ofSeconds(20));
        assertThat(status.get("error").asText())
                .isEqualTo("the plugin answered its configuration call with HTTP 400: the setting apikey is required");
        assertThat(server.server().runtime().process(id)).isNull();
    }

    /** Uploads refuse such a bundle at once; one unpacked by hand is refused when enabled. */
    @Test
    void pluginRequiringANewerServerIsRefusedAtEnableWithMattermostsMessage() throws Exception {
        String id = "com.example.future";
        Path folder = java.nio.file.Files.createDirectories(root.resolve("plugins").resolve(id));
        java.nio.file.Files.writeString(folder.resolve("plugin.json"), "{\"id\":\"" + id
                + "\",\"version\":\"1.0.0\",\"min_server_version\":\"99.0.0\",\"webapp\":{\"bundle_path\":\"main.js\"}}");
        java.nio.file.Files.writeString(folder.resolve("main.js"), "// webapp");
        plugins.enable(id);
        JsonNode status = plugins.awaitState(id, 3, Duration.ofSeconds(10));
        assertThat(status.get("error").asText()).isEqualTo("plugin requires Mattermost 99.0.0: " + id);
    }

    @Test
    void switchingPluginsOffInTheConfigurationStopsThemAndOnStartsThemAgain() {
        String id = "com.example.switched";
        plugins.install(TestPlugins.httpBundle(id, "healthy"));
        plugins.enable(id);
        plugins.awaitState(id, 2, Duration.ofSeconds(20));
        ProcessHandle process = server.server().runtime().process(id);
        plugins.patchConfig("{\"PluginSettings\":{\"Enable\":false}}");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
            assertThat(new Api(server.url()).get("/plugins/" + id + "/x").status()).isEqualTo(501);
        } finally {
            plugins.patchConfig("{\"PluginSettings\":{\"Enable\":true}}");
        }
        plugins.awaitState(id, 2, Duration.ofSeconds(20));
        plugins.disable(id);
    }
}
