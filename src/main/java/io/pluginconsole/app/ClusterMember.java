package io.pluginconsole.app;

import io.pluginconsole.config.ClientFolderCheck;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.db.ClusterEvents;
import io.pluginconsole.db.ClusterRepository;
import io.pluginconsole.db.DatabaseConfigStore;
import io.pluginconsole.plugins.cluster.ClusterNode;
import io.pluginconsole.plugins.cluster.ClusterMembership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as a member of a cluster (ClusterSettings.Enable): its id (kept in the node's own data
 * folder, ServiceSettings.DataDirectory, so a restarted node is the same node and nodes sharing a
 * file-store folder are still different nodes), the shared state in the database, the reconciler
 * and the PostgreSQL event listener.
 */
final class ClusterMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final String ID_FILE = "cluster-node-id";
    /** Where the id was kept before ServiceSettings.DataDirectory, in the file-store folder. */
    private static final String OLD_ID_FILE = ".cluster-node-id";

    private final ClusterMembership membership;
    private final ClusterEvents events;

    private ClusterMember(ClusterMembership membership, ClusterEvents events) {
        this.membership = membership;
        this.events = events;
    }

    /** Joins: installs record their SHA-256 from now on; the start-up pass (after listening) brings the node in line. */
    static ClusterMember join(ConfigStore config, PluginConsole console, Accounts accounts, Path workingDir) {
        Config settings = config.current();
        Path dataDir = settings.serviceSettings().dataFolder(workingDir);
        Path fileStore = workingDir.resolve(settings.fileSettings().directory()).toAbsolutePath().normalize();
        if (settings.fileSettings().driverName().equals("local")
                && ClientFolderCheck.real(dataDir).equals(ClientFolderCheck.real(fileStore))) {
            // Nodes of a cluster with a local file store share that folder, so a data folder
            // there would give them one id and one set of statuses.
            LOG.warn("ServiceSettings.DataDirectory is the file-store folder {} (FileSettings.Directory), which the "
                    + "nodes of a cluster share; nodes that share it also share one node id. Give each node a data "
                    + "folder of its own outside the file store, e.g. MM_SERVICESETTINGS_DATADIRECTORY=/var/lib/"
                    + "plugin-console, and restart it.", fileStore);
        }
        String nodeId = nodeId(dataDir, fileStore);
        ClusterRepository state = new ClusterRepository(accounts.database().dataSource(), nodeId);
        if (!state.postgres()) {
            LOG.warn("ClusterSettings.Enable is on but the database is not PostgreSQL: nodes cannot share "
                    + "their state; set SqlSettings.DriverName to postgres.");
        }
        String version = ConsoleServer.class.getPackage().getImplementationVersion();
        long now = System.currentTimeMillis();
        ClusterNode self = new ClusterNode(nodeId, "", version == null ? "dev" : version, now, now);
        Duration interval = Duration.ofSeconds(settings.clusterSettings().reconcileIntervalSeconds());
        // Before each pass: the latest shared configuration (pre-packaged plugins come from each
        // node's own folder in the same pass, never from the file store).
        var reconciler = console.plugins().reconciler();
        reconciler.beforePass(() -> {
            if (config instanceof DatabaseConfigStore db) {
                db.refresh();
            }
        });
        ClusterMembership membership = new ClusterMembership(state, reconciler, console.folders(), console.runtime(),
                self, interval);
        console.plugins().joinCluster(state, membership);
        LOG.info("Cluster node {} joined; reconciling with {} every {} s{}", nodeId,
                console.store().describe(), interval.toSeconds(),
                settings.clusterSettings().reconcileOnEvents() && state.postgres() ? " and on cluster events" : "");
        ClusterEvents events = null;
        if (settings.clusterSettings().reconcileOnEvents() && state.postgres()) {
            events = new ClusterEvents(accounts.database().dataSource(), nodeId, reconciler::requestPass).start();
        }
        return new ClusterMember(membership, events);
    }

    /** Registers the address the node serves on. */
    void serving(String address) {
        membership.serving(address);
    }

    private static String nodeId(Path dataDir, Path fileStore) {
        Path file = dataDir.resolve(ID_FILE);
        try {
            String kept = readId(file);
            if (kept != null) {
                return kept;
            }
            String former = formerId(dataDir, fileStore);
            String id = former != null ? former : io.pluginconsole.auth.Ids.newId();
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the cluster node id in " + file + " (ServiceSettings.DataDirectory): "
                    + e.getMessage() + ". Give this node a data folder it can write.", e);
        }
    }

    /**
     * The id kept in the file-store folder before ServiceSettings.DataDirectory existed. It is only
     * this node's when that folder is also the node's data folder; a file-store folder apart from
     * it may be shared by several nodes, and taking the id found there would merge them into one.
     */
    private static String formerId(Path dataDir, Path fileStore) throws IOException {
        Path old = fileStore.resolve(OLD_ID_FILE);
        if (!Files.isRegularFile(old)) {
            return null;
        }
        if (ClientFolderCheck.real(dataDir).equals(ClientFolderCheck.real(fileStore))) {
            return readId(old);
        }
        LOG.info("Not taking the cluster node id in {}: that file-store folder may be shared by other nodes; "
                + "this node gets its own id in {}", old, dataDir.resolve(ID_FILE));
        return null;
    }

    private static String readId(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        return id.isEmpty() ? null : id;
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
    }
}
