package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enabling through the API runs the server executable with the configured start timeout. */
class PluginStartTest {
    private static byte[] plugin(String id, String script) {
        return TarBuilder.plugin(id, "{\"id\":\"" + id + "\",\"version\":\"1.0.0\",\"server\":{\"executable\":"
                + "\"server/plugin.sh\"}}").file(id + "/server/plugin.sh",
                ("#!/bin/sh\n" + script + "\n").getBytes(StandardCharsets.UTF_8), 0755).tarGz();
    }

    @Test
    void handshakingPluginRunsAndSilentOneFailsWithTheReason(@TempDir Path root) {
        try (TestServer server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "1"),
                true)) {
            Api api = new Api(server.url());
            String admin = server.token(TestServer.ADMIN);
            api.upload(admin, new Api.Multipart().file("plugin", "a.tar.gz",
                    plugin("talker", "echo \"1|1|tcp|127.0.0.1:10001|netrpc\"\nexec sleep 60")));
            api.upload(admin, new Api.Multipart().file("plugin", "b.tar.gz", plugin("silent", "exec sleep 60")));
            assertThat(api.post("/api/v4/plugins/talker/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
            assertThat(api.post("/api/v4/plugins/silent/enable", null, Api.bearer(admin)).status()).isEqualTo(200);

            var list = api.get("/api/v4/plugins", Api.bearer(admin)).json();
            assertThat(list.get("active")).extracting(n -> n.get("id").asText()).containsExactly("talker");
            var statuses = api.get("/api/v4/plugins/statuses", Api.bearer(admin)).json();
            var silent = java.util.stream.StreamSupport.stream(statuses.spliterator(), false)
                    .filter(n -> n.get("plugin_id").asText().equals("silent")).findFirst().orElseThrow();
            assertThat(silent.get("state").asInt()).isEqualTo(3);
            assertThat(silent.get("error").asText()).isEqualTo("the plugin did not print its handshake line within 1 s");

            ProcessHandle talker = server.server().runtime().process("talker");
            assertThat(talker.isAlive()).isTrue();
            assertThat(api.post("/api/v4/plugins/talker/disable", null, Api.bearer(admin)).status()).isEqualTo(200);
            assertThat(talker.isAlive()).isFalse();
        }
    }
}
