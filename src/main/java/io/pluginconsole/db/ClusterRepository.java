package io.pluginconsole.db;

import io.pluginconsole.plugins.cluster.ClusterNode;
import io.pluginconsole.plugins.cluster.ClusterState;
import io.pluginconsole.plugins.cluster.ExpectedBundle;
import io.pluginconsole.plugins.cluster.NodePluginStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The cluster's shared state in the database (tables of V2): expected bundles, node registry and
 * statuses. On PostgreSQL, changes are announced with {@code NOTIFY plugin_console} and a payload
 * of {@code <node id>:<what>}, so a node can ignore its own announcements.
 */
public final class ClusterRepository implements ClusterState {
    public static final String CHANNEL = "plugin_console";

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final String nodeId;
    private final boolean postgres;

    public ClusterRepository(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.nodeId = nodeId;
        boolean pg;
        try (Connection c = dataSource.getConnection()) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new Jdbc.DatabaseException(e);
        }
        this.postgres = pg;
    }

    public boolean postgres() {
        return postgres;
    }

    @Override
    public void recordStored(String pluginId, String sha256, String version) {
        inTransaction(c -> {
            upsert(c, "UPDATE plugin_bundles SET sha256 = ?, version = ?, updated_at = ? WHERE plugin_id = ?",
                    "INSERT INTO plugin_bundles (sha256, version, updated_at, plugin_id) VALUES (?, ?, ?, ?)",
                    sha256, version == null ? "" : version, System.currentTimeMillis(), pluginId);
            notify(c, "stored " + pluginId);
        });
    }

    @Override
    public void recordRemoved(String pluginId) {
        inTransaction(c -> {
            execute(c, "DELETE FROM plugin_bundles WHERE plugin_id = ?", pluginId);
            notify(c, "removed " + pluginId);
        });
    }

    @Override
    public Map<String, ExpectedBundle> expectedBundles() {
        Map<String, ExpectedBundle> result = new LinkedHashMap<>();
        for (ExpectedBundle bundle : jdbc.query("SELECT plugin_id, sha256, version, updated_at FROM plugin_bundles",
                rs -> new ExpectedBundle(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))) {
            result.put(bundle.pluginId(), bundle);
        }
        return result;
    }

    @Override
    public void heartbeat(ClusterNode node) {
        inTransaction(c -> upsertNode(c, node));
    }

    @Override
    public void publish(ClusterNode node, List<NodePluginStatus> statuses) {
        inTransaction(c -> {
            upsertNode(c, node);
            execute(c, "DELETE FROM plugin_statuses WHERE node_id = ?", node.id());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO plugin_statuses (node_id, plugin_id, "
                    + "state, version, sha256, error, reconciled_at, managed, name, description, plugin_path) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (NodePluginStatus s : statuses) {
                    insert.setString(1, node.id());
                    insert.setString(2, s.pluginId());
                    insert.setInt(3, s.state());
                    insert.setString(4, cut(s.version(), 64));
                    insert.setString(5, s.sha256());
                    insert.setString(6, cut(s.error(), 4000));
                    insert.setLong(7, s.reconciledAt());
                    insert.setBoolean(8, s.managed());
                    insert.setString(9, cut(s.name(), 255));
                    insert.setString(10, cut(s.description(), 1000));
                    insert.setString(11, cut(s.pluginPath(), 1000));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Override
    public List<ClusterNode> nodes() {
        return jdbc.query("SELECT id, address, version, started_at, last_seen FROM cluster_nodes ORDER BY id",
                rs -> new ClusterNode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public List<NodePluginStatus> statuses() {
        return jdbc.query("SELECT node_id, plugin_id, state, version, sha256, error, reconciled_at, managed, name, "
                        + "description, plugin_path FROM plugin_statuses ORDER BY plugin_id, node_id",
                rs -> new NodePluginStatus(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8), rs.getString(9),
                        rs.getString(10), rs.getString(11)));
    }

    @Override
    public void announce(String what) {
        if (postgres) {
            inTransaction(c -> notify(c, what));
        }
    }

    private void upsertNode(Connection c, ClusterNode node) throws SQLException {
        upsert(c, "UPDATE cluster_nodes SET address = ?, version = ?, started_at = ?, last_seen = ? WHERE id = ?",
                "INSERT INTO cluster_nodes (address, version, started_at, last_seen, id) VALUES (?, ?, ?, ?, ?)",
                cut(node.address(), 255), cut(node.version(), 64), node.startedAt(), System.currentTimeMillis(),
                node.id());
    }

    private void notify(Connection c, String what) throws SQLException {
        if (!postgres) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, nodeId + ":" + what);
            ps.executeQuery().close();
        }
    }

    /** The update, or the insert when no row matched (both take the same parameters, key last). */
    private static void upsert(Connection c, String update, String insert, Object... params) throws SQLException {
        if (execute(c, update, params) == 0) {
            execute(c, insert, params);
        }
    }

    private static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static String cut(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Runs the work in one transaction; a conflicting insert by another node is retried once. */
    private void inTransaction(Work work) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    work.run(c);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                boolean duplicate = "23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState());
                if (!duplicate || attempt > 0) {
                    throw new Jdbc.DatabaseException(e);
                }
            }
        }
    }
}
