package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server answers as soon as its own parts are up: enabled plugins start in the background,
 * shown as Starting meanwhile, and a stop during their start leaves no plugin process behind.
 */
class BackgroundPluginStartTest {
    private static final String ID = "com.example.silent";
    /** Far longer than the wait for the server below, so a start that waits for the plugin cannot pass. */
    private static final Map<String, String> SLOW_HANDSHAKE = Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20");

    @Test
    void silentEnabledPluginDoesNotHoldBackTheServer(@TempDir Path root) throws Exception {
        installEnabledSilentPlugin(root);

        try (TestServer server = startWithin(root, Duration.ofSeconds(12))) {
            Api api = new Api(server.url());
            assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);
            RunningPlugins plugins = new RunningPlugins(server);
            assertThat(plugins.status(ID).get("state").asInt()).isEqualTo(1);

            JsonNode failed = plugins.awaitState(ID, 3, Duration.ofSeconds(60));
            assertThat(failed.get("error").asText())
                    .isEqualTo("the plugin did not print its handshake line within 20 s");
        }
    }

    @Test
    void stopWhileAPluginIsStartingLeavesNoProcess(@TempDir Path root) throws Exception {
        installEnabledSilentPlugin(root);

        TestServer server = startWithin(root, Duration.ofSeconds(12));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !silentProcesses().isEmpty());
            assertThat(new RunningPlugins(server).status(ID).get("state").asInt()).isEqualTo(1);
        } finally {
            server.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> silentProcesses().isEmpty());
    }

    /** A first server installs and enables the silent plugin; its start fails quickly there. */
    private static void installEnabledSilentPlugin(Path root) {
        try (TestServer first = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "1"),
                true)) {
            RunningPlugins plugins = new RunningPlugins(first);
            plugins.install(TestPlugins.httpBundle(ID, "silent"));
            plugins.enable(ID);
            plugins.awaitState(ID, 3, Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> silentProcesses().isEmpty());
    }

    /**
     * Starts the server over the same folder with a 20 s start timeout and expects it to be up
     * well before that; a server that waits for the plugin is closed once it has come up.
     */
    private static TestServer startWithin(Path root, Duration bound) throws Exception {
        CompletableFuture<TestServer> starting = CompletableFuture.supplyAsync(
                () -> TestServer.start(root, SLOW_HANDSHAKE, false));
        try {
            return starting.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            starting.thenAccept(TestServer::close);
            throw new AssertionError("the server did not answer within " + bound.toSeconds()
                    + " s of its start while an enabled plugin was still starting", e);
        }
    }

    private static List<ProcessHandle> silentProcesses() {
        return RunningPlugins.pluginProcesses().stream()
                .filter(p -> p.info().commandLine().orElse("").endsWith(" silent")).toList();
    }
}
