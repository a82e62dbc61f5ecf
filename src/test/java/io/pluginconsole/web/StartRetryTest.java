package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that failed to start is tried again by the reconciler with back-off, without any
 * change by an administrator, and one that is disabled is not.
 */
class StartRetryTest {
    private static final String ID = "com.example.licensed";

    @Test
    void aPluginThatFailedToStartIsRetriedAndRunsOnceItCan(@TempDir Path root) throws Exception {
        try (TestServer server = startWithFastPasses(root)) {
            RunningPlugins plugins = new RunningPlugins(server);
            plugins.install(TestPlugins.httpBundle(ID, "needs-license"));
            plugins.enable(ID);
            JsonNode failed = plugins.awaitState(ID, 3, Duration.ofSeconds(20));
            assertThat(failed.get("error").asText()).contains("exited with code 3");
            var reconciler = server.server().console().plugins().reconciler();
            assertThat(reconciler.failedStarts(ID)).isEqualTo(1);
            assertThat(server.server().console().plugins().find(ID).orElseThrow().failedStarts())
                    .as("published with the plugin").isEqualTo(1);

            Files.writeString(root.resolve("plugins").resolve(ID).resolve("license.txt"), "ok");
            // The first retry comes after the back-off's first wait (15 s), on a pass of the loop.
            plugins.awaitState(ID, 2, Duration.ofSeconds(60));
            // The runtime reports Running before the start returns to the reconciler, which then forgets the failure.
            await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.failedStarts(ID) == 0);
        }
    }

    @Test
    void aDisabledPluginThatFailedIsNotRetried(@TempDir Path root) throws Exception {
        try (TestServer server = startWithFastPasses(root)) {
            RunningPlugins plugins = new RunningPlugins(server);
            plugins.install(TestPlugins.httpBundle(ID, "needs-license"));
            plugins.enable(ID);
            plugins.awaitState(ID, 3, Duration.ofSeconds(20));
            plugins.disable(ID);
            Files.writeString(root.resolve("plugins").resolve(ID).resolve("license.txt"), "ok");
            var reconciler = server.server().console().plugins().reconciler();
            assertThat(reconciler.failedStarts(ID)).isZero();
            // However many passes run, a disabled plugin is not started.
            long passes = 20;
            for (int i = 0; i < passes; i++) {
                reconciler.passNow();
            }
            assertThat(plugins.status(ID).get("state").asInt()).isEqualTo(0);
        }
    }

    @Test
    void aPluginWithNothingToStartIsNotRetried(@TempDir Path root) throws Exception {
        String id = "com.example.empty";
        try (TestServer server = startWithFastPasses(root)) {
            RunningPlugins plugins = new RunningPlugins(server);
            // Settings only: neither a server nor a webapp part, so it can never start as it is.
            plugins.install(io.pluginconsole.testing.TarBuilder.plugin(id,
                    io.pluginconsole.testing.TarBuilder.manifest(id, "1.0.0")).tarGz());
            plugins.enable(id);
            plugins.awaitState(id, 3, Duration.ofSeconds(20));
            var reconciler = server.server().console().plugins().reconciler();
            assertThat(reconciler.failedStarts(id)).isEqualTo(1);
            Thread.sleep(16_000); // past the first wait of the back-off
            reconciler.passNow();
            assertThat(reconciler.failedStarts(id)).as("no retry that cannot succeed").isEqualTo(1);
        }
    }

    /** A reconcile pass every second and a 5 s start timeout. */
    private static TestServer startWithFastPasses(Path root) {
        return TestServer.start(root, Map.of(
                "MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "5",
                "MM_CLUSTERSETTINGS_RECONCILEINTERVALSECONDS", "1"), true);
    }
}
