package io.pluginconsole.app;

import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.db.ClusterEvents;
import io.pluginconsole.db.ClusterRepository;
import io.pluginconsole.db.DatabaseConfigStore;
import io.pluginconsole.plugins.cluster.ClusterNode;
import io.pluginconsole.plugins.cluster.Reconciler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as a member of a cluster (ClusterSettings.Enable): its id (kept in the data folder so
 * a restarted node is the same node), the shared state in the database, the reconciler and the
 * PostgreSQL event listener.
 */
final class ClusterMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final String ID_FILE = ".cluster-node-id";

    private final Reconciler reconciler;
    private final ClusterEvents events;

    private ClusterMember(Reconciler reconciler, ClusterEvents events) {
        this.reconciler = reconciler;
        this.events = events;
    }

    /** Joins: installs record their SHA-256 from now on, and a first pass brings the node in line. */
    static ClusterMember join(ConfigStore config, PluginConsole console, Accounts accounts, Path workingDir) {
        Config settings = config.current();
        Path dataDir = workingDir.resolve(settings.fileSettings().directory()).normalize();
        String nodeId = nodeId(dataDir);
        ClusterRepository state = new ClusterRepository(accounts.database().dataSource(), nodeId);
        if (!state.postgres()) {
            LOG.warn("ClusterSettings.Enable is on but the database is not PostgreSQL: nodes cannot share "
                    + "their state; set SqlSettings.DriverName to postgres.");
        }
        String version = ConsoleServer.class.getPackage().getImplementationVersion();
        long now = System.currentTimeMillis();
        ClusterNode self = new ClusterNode(nodeId, "", version == null ? "dev" : version, now, now);
        Duration interval = Duration.ofSeconds(settings.clusterSettings().reconcileIntervalSeconds());
        // Before each pass: the latest shared configuration, then this node's own pre-packaged
        // plugins that are enabled there (they come from each node's folder, never the file store).
        Reconciler reconciler = new Reconciler(config,
                () -> {
                    boolean changed = config instanceof DatabaseConfigStore db && db.refresh();
                    console.plugins().installPrepackaged().problems().forEach(LOG::warn);
                    return changed;
                },
                console.store(), console.folders(), console.installer(), console.stager(), console.runtime(),
                console.locks(), state, self, interval);
        console.plugins().joinCluster(state, reconciler);
        console.plugins().recoverFolders();
        List<String> problems = reconciler.pass();
        LOG.info("Cluster node {} reconciled with {} ({} problems); reconciling every {} s{}", nodeId,
                console.store().describe(), problems.size(), interval.toSeconds(),
                settings.clusterSettings().reconcileOnEvents() && state.postgres() ? " and on cluster events" : "");
        ClusterEvents events = null;
        if (settings.clusterSettings().reconcileOnEvents() && state.postgres()) {
            events = new ClusterEvents(accounts.database().dataSource(), nodeId, reconciler::requestPass).start();
        }
        return new ClusterMember(reconciler, events);
    }

    /** Registers the address the node serves on and starts the timer. */
    void serving(String address) {
        reconciler.serving(address);
        reconciler.start(false);
    }

    Reconciler reconciler() {
        return reconciler;
    }

    private static String nodeId(Path dataDir) {
        Path file = dataDir.resolve(ID_FILE);
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = io.pluginconsole.auth.Ids.newId();
            Files.createDirectories(dataDir);
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the cluster node id in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        reconciler.close();
    }
}
