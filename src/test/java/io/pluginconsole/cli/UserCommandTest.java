package io.pluginconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user create} as a separate process in the working folder of a server, running and stopped. */
class UserCommandTest {
    @TempDir
    Path root;

    record Result(int exit, String out, String err) {
    }

    private Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpluginconsole.bcrypt.cost=4", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root.getParent(), "out", ".txt");
        Path err = Files.createTempFile(root.getParent(), "err", ".txt");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void whileTheServerHoldsTheEmbeddedDatabaseItSaysToStopTheServerThenWorks() throws Exception {
        Path password = Files.writeString(root.resolve("pw.txt"), "second-admin-password\n");
        try (TestServer server = TestServer.start(root)) {
            Result refused = cli("user", "create", "--email", "ops@example.com", "--username", "ops",
                    "--password-file", password.toString(), "--system-admin");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("is in use by another process, usually the running server")
                    .contains("Stop the server and run this command again").doesNotContain("Exception");
            // the running server is unharmed
            assertThat(new Api(server.url()).post("/api/v4/users/login", Api.json(Map.of("login_id", TestServer.ADMIN,
                    "password", TestServer.PASSWORD))).status()).isEqualTo(200);
        }

        Result created = cli("user", "create", "--email", "ops@example.com", "--username", "ops",
                "--password-file", password.toString(), "--system-admin");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created user ops (system admin)");
        try (TestServer again = TestServer.start(root, Map.of(), false)) {
            Api.Response login = new Api(again.url()).post("/api/v4/users/login",
                    Api.json(Map.of("login_id", "ops", "password", "second-admin-password")));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(login.json().get("roles").asText()).isEqualTo("system_admin system_user");
        }
    }
}
