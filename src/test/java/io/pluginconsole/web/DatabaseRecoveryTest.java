package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database closes itself (as H2 does after a write fails on a full disk) and cannot
 * be opened for a while: ping with get_server_status=true says so, and once the database can be
 * opened again, sign-in, the API and the console work without a restart.
 */
class DatabaseRecoveryTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    @TempDir
    Path root;

    @Test
    void theServerReportsAClosedDatabaseAndRecoversWithoutARestart() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            Api api = new Api(server.url());
            String token = server.token(TestServer.ADMIN);
            assertThat(api.get("/api/v4/users/me", Api.bearer(token)).status()).isEqualTo(200);
            Api.Response healthy = api.get("/api/v4/system/ping?get_server_status=true");
            assertThat(healthy.status()).isEqualTo(200);
            assertThat(healthy.json().get("status").asText()).isEqualTo("OK");
            assertThat(healthy.json().get("database_status").asText()).isEqualTo("OK");
            assertThat(healthy.json().get("filestore_status").asText()).isEqualTo("OK");

            closeDatabase(server);
            // While its file is away the database cannot be opened again, as on a full disk.
            Path file = root.resolve("data/pluginconsole.mv.db");
            Path aside = root.resolve("pluginconsole.mv.db.aside");
            Files.move(file, aside);

            Api.Response ping = api.get("/api/v4/system/ping");
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("{\"status\":\"OK\",\"ActiveSearchBackend\":\"database\"}");
            Api.Response status = api.get("/api/v4/system/ping?get_server_status=true");
            assertThat(status.status()).isEqualTo(500);
            assertThat(status.json().get("status").asText()).isEqualTo("UNHEALTHY");
            assertThat(status.json().get("database_status").asText()).isEqualTo("UNHEALTHY");
            assertThat(status.json().get("filestore_status").asText()).isEqualTo("OK");
            assertThat(status.header("database_status")).isEqualTo("UNHEALTHY");
            assertThat(Files.exists(file)).as("no new, empty database was created").isFalse();

            Files.move(aside, file);
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/v4/system/ping?get_server_status=true").status() == 200);
            assertThat(api.get("/api/v4/users/me", Api.bearer(token)).status()).isEqualTo(200);
            Api.Response login = api.post("/api/v4/users/login", Api.json(Map.of("login_id", TestServer.ADMIN,
                    "password", TestServer.PASSWORD)));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            Api.Response page = api.get(PAGE, "Cookie", "MMAUTHTOKEN=" + login.header("Token"));
            assertThat(page.status()).isEqualTo(200);
        }
    }

    /** Closes the embedded database under the server, through one of its own pooled connections. */
    private static void closeDatabase(TestServer server) {
        try (Connection c = server.server().accounts().database().dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // H2 may report the closing on the statement or on close(); either way it is closed
        }
    }
}
