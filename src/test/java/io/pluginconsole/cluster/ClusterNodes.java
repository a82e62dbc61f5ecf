package io.pluginconsole.cluster;

import io.pluginconsole.db.DatabaseConfigStore;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.S3TestServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Real nodes of one cluster in this JVM: each a full server on its own loopback port and folder,
 * all sharing one PostgreSQL database (accounts, configuration, cluster state) and one S3 bucket,
 * or one local file-store folder with a data folder per node.
 */
final class ClusterNodes implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path root;
    private final String dsn;
    private final Map<String, String> fileStore;
    private final boolean ownDataFolders;
    private final int intervalSeconds;
    private final boolean events;
    private final List<TestServer> running = new ArrayList<>();
    private boolean usersCreated;

    ClusterNodes(Path root, EmbeddedPostgres postgres, S3TestServer s3, int intervalSeconds, boolean events)
            throws Exception {
        this(root, postgres, n -> {
            String bucket = "cluster-" + n;
            s3.createBucket(bucket);
            return s3.env(bucket);
        }, false, intervalSeconds, events);
    }

    /** Nodes sharing the local file-store folder {@code store} (as on an NFS mount), each with its own data folder. */
    static ClusterNodes sharingFolder(Path root, EmbeddedPostgres postgres, Path store, int intervalSeconds,
                                      boolean events) throws Exception {
        return new ClusterNodes(root, postgres, n -> Map.of("MM_FILESETTINGS_DRIVERNAME", "local",
                "MM_FILESETTINGS_DIRECTORY", store.toString()), true, intervalSeconds, events);
    }

    private ClusterNodes(Path root, EmbeddedPostgres postgres, java.util.function.IntFunction<Map<String, String>> store,
                         boolean ownDataFolders, int intervalSeconds, boolean events) throws Exception {
        int n = COUNTER.incrementAndGet();
        String database = "cluster" + n;
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        this.root = root;
        this.dsn = "postgres://postgres:unused@localhost:" + postgres.getPort() + "/" + database + "?sslmode=disable";
        this.fileStore = store.apply(n);
        this.ownDataFolders = ownDataFolders;
        this.intervalSeconds = intervalSeconds;
        this.events = events;
    }

    /** The node's own data folder (ServiceSettings.DataDirectory) when the file store is a shared folder. */
    Path dataFolder(String name) {
        return root.resolve(name + "-data");
    }

    /** Starts (or restarts, with the same folder and id) the node called {@code name}. */
    TestServer start(String name) {
        return start(name, Map.of());
    }

    /** As above with more MM_* overrides for this node. */
    TestServer start(String name, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(fileStore);
        if (ownDataFolders) {
            env.put("MM_SERVICESETTINGS_DATADIRECTORY", dataFolder(name).toString());
        }
        env.putAll(extra);
        env.put("MM_SQLSETTINGS_DRIVERNAME", "postgres");
        env.put("MM_SQLSETTINGS_DATASOURCE", dsn);
        env.put("MM_CLUSTERSETTINGS_ENABLE", "true");
        env.put("MM_CLUSTERSETTINGS_RECONCILEINTERVALSECONDS", String.valueOf(intervalSeconds));
        env.put("MM_CLUSTERSETTINGS_RECONCILEONEVENTS", String.valueOf(events));
        env.put("MM_LOGSETTINGS_ENABLEFILE", "false");
        boolean users = !usersCreated;
        usersCreated = true;
        TestServer node = TestServer.start(root.resolve(name), env, users, e -> new DatabaseConfigStore(dsn, e));
        running.add(node);
        return node;
    }

    void stop(TestServer node) {
        running.remove(node);
        node.close();
    }

    String dsn() {
        return dsn;
    }

    static Api.Response upload(TestServer node, String token, byte[] bundle) {
        return new Api(node.url()).upload(token, new Api.Multipart().file("plugin", "plugin.tar.gz", bundle)
                .field("force", "true"));
    }

    /** A webapp-only plugin (no process to start, so convergence measures the cluster, not the plugin). */
    static byte[] webPlugin(String id, String version) {
        return TarBuilder.plugin(id, "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"version\":\"" + version
                + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}")
                .file(id + "/webapp/main.js", "registerPlugin('" + id + "', '" + version + "')").tarGz();
    }

    static PluginState state(TestServer node, String id) {
        return node.server().runtime().status(id).state();
    }

    static String version(TestServer node, String id) {
        InstalledPlugin plugin = node.server().console().folders().scan().get(id);
        return plugin == null ? null : plugin.manifest().version();
    }

    /** Waits until every node satisfies {@code check}; returns the time it took. */
    static Duration await(List<TestServer> nodes, Predicate<TestServer> check, Duration timeout, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (nodes.stream().allMatch(check)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not converged within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        for (TestServer node : List.copyOf(running)) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        running.clear();
    }
}
