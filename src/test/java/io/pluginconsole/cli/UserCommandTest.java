package io.pluginconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code user create} as a separate process against the working folder of a server that is running. */
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
    void createsAUserWhileTheServerHoldsTheEmbeddedDatabase() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            Path password = Files.writeString(root.resolve("pw.txt"), "second-admin-password\n");

            Result created = cli("user", "create", "--email", "ops@example.com", "--username", "ops",
                    "--password-file", password.toString(), "--system-admin");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(created.out()).contains("Created user ops (system admin)");
            assertThat(created.err()).doesNotContain("locked").doesNotContain("Exception");

            // the running server sees the new account at once and still serves its own
            Api api = new Api(server.url());
            Api.Response login = api.post("/api/v4/users/login",
                    Api.json(Map.of("login_id", "ops", "password", "second-admin-password")));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(login.json().get("roles").asText()).isEqualTo("system_admin system_user");
            assertThat(api.post("/api/v4/users/login", Api.json(Map.of("login_id", TestServer.ADMIN,
                    "password", TestServer.PASSWORD))).status()).isEqualTo(200);

            Result duplicate = cli("user", "create", "--email", "ops2@example.com", "--username", "ops",
                    "--password-file", password.toString());
            assertThat(duplicate.exit()).isNotZero();
            assertThat(duplicate.err()).contains("already exists");
        }
    }

    @Test
    void theDatabaseIsSharedOnLoopbackWithTheOwnerOnlyAndUnsharedOnStop() throws Exception {
        Path share = root.resolve("data/pluginconsole.share");
        try (TestServer server = TestServer.start(root)) {
            assertThat(Files.readString(share)).startsWith("jdbc:h2:tcp://127.0.0.1:");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(share))).isEqualTo("rw-------");
        }
        assertThat(share).doesNotExist();

        // with no server running the command opens the database file itself
        Path password = Files.writeString(root.resolve("pw.txt"), "offline-password-1\n");
        Result offline = cli("user", "create", "--email", "late@example.com", "--username", "late",
                "--password-file", password.toString());
        assertThat(offline.exit()).as(offline.err()).isZero();
        try (TestServer again = TestServer.start(root, Map.of(), false)) {
            assertThat(new Api(again.url()).post("/api/v4/users/login",
                    Api.json(Map.of("login_id", "late", "password", "offline-password-1"))).status()).isEqualTo(200);
        }
    }
}
