package io.pluginconsole.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import io.pluginconsole.config.EnvOverrides;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration kept in a real PostgreSQL, shared by several stores as by several nodes. */
class DatabaseConfigStoreTest {
    static EmbeddedPostgres postgres;
    static String dsn;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dsn = "postgres://postgres:unused@localhost:" + postgres.getPort() + "/postgres?sslmode=disable";
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void emptyTable() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("DROP TABLE IF EXISTS configurations; DROP TABLE IF EXISTS config_schema_history");
        }
    }

    private static int rows() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM configurations")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void startsFromTheDefaultsAndKeepsEverySavedVersion() throws Exception {
        DatabaseConfigStore store = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        assertThat(store.current().pluginSettings().enable()).isTrue();
        assertThat(rows()).isEqualTo(1);
        List<Boolean> seen = new ArrayList<>();
        store.addListener((before, after) -> seen.add(after.pluginSettings().enableHealthCheck()));

        store.update(tree -> tree.withObjectProperty("PluginSettings").put("EnableHealthCheck", false));

        assertThat(store.current().pluginSettings().enableHealthCheck()).isFalse();
        assertThat(seen).containsExactly(false);
        assertThat(rows()).isEqualTo(2);
        assertThat(new DatabaseConfigStore(dsn, new EnvOverrides(Map.of())).current().pluginSettings()
                .enableHealthCheck()).as("read back by a new store").isFalse();
        assertThat(store.location()).doesNotContain("unused");
    }

    @Test
    void anotherNodesChangeIsPickedUpByRefresh() {
        DatabaseConfigStore nodeA = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        DatabaseConfigStore nodeB = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        List<Config> changes = new ArrayList<>();
        nodeB.addListener((before, after) -> changes.add(after));

        nodeA.update(tree -> tree.withObjectProperty("PluginSettings").withObjectProperty("PluginStates")
                .putObject("com.example.demo").put("Enable", true));

        assertThat(nodeB.current().pluginSettings().isEnabled("com.example.demo")).isFalse();
        assertThat(nodeB.refresh()).isTrue();
        assertThat(nodeB.current().pluginSettings().isEnabled("com.example.demo")).isTrue();
        assertThat(changes).hasSize(1);
        assertThat(nodeB.refresh()).as("nothing new").isFalse();
    }

    @Test
    void concurrentSavesFromTwoNodesLoseNothing() throws Exception {
        DatabaseConfigStore nodeA = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        DatabaseConfigStore nodeB = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            String a = "com.example.a" + i;
            String b = "com.example.b" + i;
            pool.submit(() -> {
                go.await();
                return nodeA.update(tree -> tree.withObjectProperty("PluginSettings")
                        .withObjectProperty("PluginStates").putObject(a).put("Enable", true));
            });
            pool.submit(() -> {
                go.await();
                return nodeB.update(tree -> tree.withObjectProperty("PluginSettings")
                        .withObjectProperty("PluginStates").putObject(b).put("Enable", true));
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        nodeA.refresh();
        for (int i = 0; i < 10; i++) {
            assertThat(nodeA.current().pluginSettings().isEnabled("com.example.a" + i)).isTrue();
            assertThat(nodeA.current().pluginSettings().isEnabled("com.example.b" + i)).isTrue();
        }
    }

    @Test
    void anInvalidChangeSavesNothing() throws Exception {
        DatabaseConfigStore store = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        assertThatThrownBy(() -> store.update(tree -> tree.withObjectProperty("ServiceSettings")
                .put("ListenAddress", "not an address"))).isInstanceOf(ConfigException.class);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void anInvalidActiveRowWrittenElsewhereIsNeitherAppliedNorReplaced() throws Exception {
        DatabaseConfigStore store = new DatabaseConfigStore(dsn, new EnvOverrides(Map.of()));
        String invalid = "{\"FileSettings\":{\"MaxFileSize\":\"big\"}}";
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("UPDATE configurations SET value = '" + invalid + "', id = 'edited' WHERE active");
        }

        assertThat(store.refresh()).isFalse();
        assertThat(store.current().fileSettings().maxFileSize()).isEqualTo(104_857_600L);
        assertThatThrownBy(() -> store.update(tree -> tree.withObjectProperty("PluginSettings")
                .put("EnableHealthCheck", false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("changed elsewhere and is not valid")
                .hasMessageContaining("FileSettings.MaxFileSize");
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet r = c.createStatement().executeQuery("SELECT id, value FROM configurations WHERE active")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("edited");
            assertThat(r.getString(2)).isEqualTo(invalid);
        }
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseSaysWhereItLooked() {
        assertThatThrownBy(() -> new DatabaseConfigStore("postgres://u:secret@127.0.0.1:1/pc?connect_timeout=2",
                new EnvOverrides(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("127.0.0.1:1/pc")
                .hasMessageNotContaining("secret");
    }
}
