package io.pluginconsole.plugins.cluster;

import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.plugins.runtime.PluginStatus;
import io.pluginconsole.plugins.sync.PluginReconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in the cluster: its registration (heartbeat) and, after every pass of the node's one
 * {@link PluginReconciler}, its statuses in the shared state, where the console and the API of
 * every node read them. "Reconcile now" runs a pass of that reconciler.
 */
public final class ClusterMembership implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final ClusterState state;
    private final PluginReconciler reconciler;
    private final PluginFolders folders;
    private final PluginRuntime runtime;
    private final Duration interval;
    private volatile ClusterNode self;

    public ClusterMembership(ClusterState state, PluginReconciler reconciler, PluginFolders folders,
                             PluginRuntime runtime, ClusterNode self, Duration interval) {
        this.state = state;
        this.reconciler = reconciler;
        this.folders = folders;
        this.runtime = runtime;
        this.self = self;
        this.interval = interval;
        reconciler.afterPass(this::publish);
    }

    /** The address this node serves on, once known; registered at once. */
    public void serving(String address) {
        self = new ClusterNode(self.id(), address, self.version(), self.startedAt(), self.lastSeen());
        try {
            state.heartbeat(self);
        } catch (RuntimeException e) {
            LOG.warn("Could not register this node yet: {}", e.getMessage());
        }
    }

    private void publish(SyncReport report) {
        try {
            state.publish(self, localStatuses());
        } catch (RuntimeException e) {
            LOG.warn("Reconcile: the statuses could not be published: {}", e.getMessage());
        }
    }

    /** This node's statuses: every local plugin, plus stored plugins that failed to install here. */
    private List<NodePluginStatus> localStatuses() {
        long now = System.currentTimeMillis();
        Map<String, PluginReconciler.Problem> known = reconciler.problems();
        List<NodePluginStatus> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InstalledPlugin plugin : folders.scan().values()) {
            PluginStatus status = runtime.status(plugin.id());
            Manifest m = plugin.manifest();
            PluginReconciler.Problem problem = known.get(plugin.id());
            String error = problem != null ? problem.message() : status.error() == null ? "" : status.error();
            result.add(new NodePluginStatus(self.id(), plugin.id(), status.state().code(), nz(m.version()),
                    plugin.managed() ? plugin.record().sha256() : null, error, now, plugin.managed(), nz(m.name()),
                    nz(m.description()), plugin.folder().toString()));
            seen.add(plugin.id());
        }
        known.forEach((id, problem) -> {
            if (!seen.contains(id)) {
                result.add(new NodePluginStatus(self.id(), id, PluginState.FAILED_TO_START.code(),
                        nz(problem.version()), null, problem.message(), now, true, id, "", ""));
            }
        });
        return result;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public List<String> reconcileNow() {
        return reconciler.passNow();
    }

    @Override
    public String nodeId() {
        return self.id();
    }

    @Override
    public List<ClusterNode> nodes() {
        return state.nodes();
    }

    @Override
    public List<NodePluginStatus> statuses() {
        return state.statuses();
    }

    @Override
    public boolean online(ClusterNode node) {
        return System.currentTimeMillis() - node.lastSeen() <= 3 * interval.toMillis();
    }
}
