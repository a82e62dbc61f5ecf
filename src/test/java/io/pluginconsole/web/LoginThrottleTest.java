package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Its own server: the per-address throttle would slow every other sign-in test from 127.0.0.1. */
class LoginThrottleTest {

    // W33: repeated failures answer 429 with Retry-After, and every failure is audited.
    @Test
    void bruteForceIsThrottled(@TempDir Path root) {
        try (TestServer server = TestServer.start(root)) {
            Api api = new Api(server.url());
            int throttled = 0;
            for (int i = 0; i < 20; i++) {
                Api.Response r = api.post("/api/v4/users/login",
                        Api.json(Map.of("login_id", "user", "password", "wrong-password-" + i)));
                assertThat(r.status()).isIn(401, 429);
                if (r.status() == 429) {
                    throttled++;
                    assertThat(r.header("Retry-After")).matches("\\d+");
                    assertThat(r.json().get("message").asText()).startsWith("Too many attempts");
                }
            }
            assertThat(throttled).isGreaterThan(10);
            long failures = server.server().accounts().audit().latest(50).stream()
                    .filter(e -> e.action().equals("login") && e.result().equals("failure")).count();
            assertThat(failures).isGreaterThanOrEqualTo(20);
        }
    }
}
