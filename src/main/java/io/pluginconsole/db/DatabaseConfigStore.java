package io.pluginconsole.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.auth.Ids;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import io.pluginconsole.config.ConfigJson;
import io.pluginconsole.config.ConfigListeners;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in PostgreSQL, as Mattermost keeps it ({@code --config postgres://...} or
 * {@code MM_CONFIG}): each save is a new row of {@code configurations} made active in one
 * transaction that first takes a write lock and re-reads the active row, so two nodes saving at once never
 * lose each other's change. {@link #refresh()} picks up what other nodes saved.
 */
public final class DatabaseConfigStore implements ConfigStore {
    /** The advisory lock key of configuration writes ("pcconfig" in ASCII). */
    private static final long WRITE_LOCK = 0x7063636f6e666967L;
    private final PostgresUrl url;
    private final EnvOverrides env;
    private final ConfigListeners listeners = new ConfigListeners();
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfigStore.class);
    private String activeId;
    private Config current;
    /** The invalid active row last reported, so it is logged once. */
    private String reportedInvalid;

    public DatabaseConfigStore(String dataSource, EnvOverrides env) {
        this.url = PostgresUrl.parse(dataSource);
        this.env = env;
        migrate();
        try (Connection connection = connect()) {
            Row row = active(connection);
            if (row == null) {
                connection.setAutoCommit(false);
                lockWrites(connection);
                row = active(connection); // another node may have just created it
                if (row == null) {
                    row = insert(connection, ConfigJson.defaultsTree());
                }
                connection.commit();
            }
            activeId = row.id();
            current = ConfigJson.evaluate(row.tree(), env, location());
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    /** Whether a {@code --config} value or {@code MM_CONFIG} names a database rather than a file. */
    public static boolean isDatabase(String value) {
        return value != null && (value.startsWith("postgres://") || value.startsWith("postgresql://")
                || value.startsWith("jdbc:postgresql:"));
    }

    private void migrate() {
        try {
            Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/config").table("config_schema_history")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (FlywayException e) {
            throw new ConfigException("Cannot prepare the configuration table in " + location() + ": "
                    + e.getMessage() + ". Check that the database is reachable and the user may create tables.", e);
        }
    }

    @Override
    public synchronized Config current() {
        return current;
    }

    @Override
    public Config update(Consumer<ObjectNode> change) {
        Config before;
        Config after;
        synchronized (this) {
            try (Connection connection = connect()) {
                connection.setAutoCommit(false);
                lockWrites(connection);
                Row latest = latestValid(connection);
                ObjectNode candidate = latest == null ? ConfigJson.defaultsTree() : latest.tree();
                change.accept(candidate);
                after = ConfigJson.evaluate(candidate, env, location());
                try (PreparedStatement off = connection.prepareStatement(
                        "UPDATE configurations SET active = NULL WHERE active")) {
                    off.executeUpdate();
                }
                Row saved = insert(connection, candidate);
                announce(connection);
                connection.commit();
                before = current;
                activeId = saved.id();
                current = after;
            } catch (SQLException e) {
                throw new ConfigException("Cannot save the configuration in " + location() + ": " + e.getMessage()
                        + ". Nothing was changed.", e);
            }
        }
        listeners.fire(before, after);
        return after;
    }

    /**
     * The active row, re-read under the write lock. A row changed elsewhere (another node, or by
     * hand) that is not valid is neither built upon nor replaced: the save is refused.
     */
    private Row latestValid(Connection connection) throws SQLException {
        try {
            Row latest = active(connection);
            if (latest != null && !latest.id().equals(activeId)) {
                ConfigJson.evaluate(latest.tree(), env, location());
            }
            return latest;
        } catch (ConfigException e) {
            throw new ConfigException("The active configuration in " + location() + " was changed elsewhere and is "
                    + "not valid, so nothing was saved and this node keeps its last good configuration. "
                    + e.getMessage(), e);
        }
    }

    /**
     * Loads the active configuration if another node saved a newer one; true when it changed. An
     * invalid active row is reported once and ignored: the last good configuration stays in use.
     */
    public boolean refresh() {
        Config before;
        Config after;
        synchronized (this) {
            try (Connection connection = connect()) {
                Row row;
                try {
                    row = active(connection);
                    if (row == null || row.id().equals(activeId) || row.id().equals(reportedInvalid)) {
                        return false;
                    }
                    after = ConfigJson.evaluate(row.tree(), env, location());
                } catch (ConfigException e) {
                    String id = activeRowId(connection);
                    if (id != null && !id.equals(reportedInvalid)) {
                        reportedInvalid = id;
                        LOG.error("The active configuration in {} is not valid; this node keeps its last good "
                                + "configuration until it is fixed. {}", location(), e.getMessage());
                    }
                    return false;
                }
                before = current;
                activeId = row.id();
                current = after;
            } catch (SQLException e) {
                throw unreachable(e);
            }
        }
        listeners.fire(before, after);
        return true;
    }

    @Override
    public boolean overridden(String section, String key) {
        return env.overrides(section, key);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public String location() {
        return "database " + url.jdbcUrl().replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private record Row(String id, ObjectNode tree) {
    }

    private static String activeRowId(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM configurations WHERE active");
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private Row active(Connection connection) throws SQLException {
        String sql = "SELECT id, value FROM configurations WHERE active";
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            return new Row(rows.getString(1), parse(rows.getString(2)));
        }
    }

    /** One writer at a time across nodes, until the transaction ends; a read after it sees the latest save. */
    private static void lockWrites(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, WRITE_LOCK);
            lock.executeQuery().close();
        }
    }

    /** Tells every node listening on {@code plugin_console} (a cluster) that the configuration changed; sent at commit. */
    private static void announce(Connection connection) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, ClusterRepository.CHANNEL);
            notify.setString(2, "config:changed");
            notify.executeQuery().close();
        }
    }

    private Row insert(Connection connection, ObjectNode tree) throws SQLException {
        String id = Ids.newId();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO configurations (id, value, create_at, active) VALUES (?, ?, ?, TRUE)")) {
            insert.setString(1, id);
            insert.setString(2, ConfigJson.mapper().writeValueAsString(tree));
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot write the configuration: " + e.getMessage(), e);
        }
        return new Row(id, tree);
    }

    private ObjectNode parse(String value) {
        try {
            JsonNode tree = ConfigJson.mapper().readTree(value);
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ConfigException("The active configuration in " + location() + " is not a JSON object. "
                + "Fix the active row of the configurations table.");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.properties());
    }

    private ConfigException unreachable(SQLException e) {
        return new ConfigException("Cannot read the configuration from " + location() + ": " + e.getMessage()
                + ". Check the address given with --config or MM_CONFIG, and that the database is running.", e);
    }
}
