package io.pluginconsole.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.app.Accounts;
import io.pluginconsole.auth.Session;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same migrations and account operations on a real PostgreSQL as on H2. */
class PostgresDatabaseTest {
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Config config(Path root, String dataSource) {
        return new FileConfigStore(root.resolve("config/config.json"), new EnvOverrides(Map.of(
                "MM_SQLSETTINGS_DRIVERNAME", "postgres", "MM_SQLSETTINGS_DATASOURCE", dataSource))).current();
    }

    @Test
    void accountsWorkOnPostgresReachedWithMattermostsAddressForm(@TempDir Path root) {
        String dataSource = "postgres://postgres:ignored@localhost:" + postgres.getPort()
                + "/postgres?sslmode=disable&connect_timeout=10";
        try (Accounts accounts = Accounts.open(config(root, dataSource), root)) {
            accounts.auth().createUser("admin@example.com", "pgadmin", "correct-horse-battery", true);
            Session session = accounts.auth().login("pgadmin", "correct-horse-battery", "test");
            assertThat(accounts.auth().authenticate(session.token(), false)).isPresent()
                    .hasValueSatisfying(p -> assertThat(p.user().username()).isEqualTo("pgadmin"));
            assertThat(accounts.auth().adminExists()).isTrue();
        }
        // Opening again finds the schema migrated and the data kept.
        try (Accounts again = Accounts.open(config(root, postgres.getJdbcUrl("postgres", "postgres")), root)) {
            assertThat(again.auth().adminExists()).isTrue();
        }
    }
}
