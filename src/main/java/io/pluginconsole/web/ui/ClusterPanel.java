package io.pluginconsole.web.ui;

import io.pluginconsole.plugins.cluster.ClusterNode;
import io.pluginconsole.plugins.cluster.ClusterView;
import io.pluginconsole.plugins.cluster.NodePluginStatus;
import io.pluginconsole.plugins.runtime.PluginState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster part of Plugin Management (ClusterSettings.Enable): the nodes with an offline flag,
 * a "Reconcile now" button, and per plugin Mattermost's Cluster Instance | Version | State table
 * with its "multiple versions" notice and a drift flag.
 */
public record ClusterPanel(boolean enabled, String nodeId, List<Node> nodes, Map<String, Plugin> plugins,
                           String error, String reconcileAction) {

    public static final String MULTIPLE_VERSIONS = "There are multiple versions of this plugin installed across your "
            + "cluster. Re-install this plugin to ensure it works consistently.";

    public record Node(String id, String address, String version, String lastSeen, boolean online, boolean self) {
    }

    public record Instance(String clusterId, String version, String state, boolean online, boolean local,
                           String error) {
    }

    /** {@code showTable}: more than one instance, as Mattermost shows the table. */
    public record Plugin(List<Instance> instances, boolean showTable, boolean multipleVersions, boolean drift,
                         String driftText) {
    }

    static ClusterPanel off() {
        return new ClusterPanel(false, "", List.of(), Map.of(), null, null);
    }

    static ClusterPanel of(Optional<ClusterView> view, String reconcileAction) {
        if (view.isEmpty()) {
            return off();
        }
        ClusterView cluster = view.get();
        List<ClusterNode> nodes;
        List<NodePluginStatus> statuses;
        try {
            nodes = cluster.nodes();
            statuses = cluster.statuses();
        } catch (RuntimeException e) {
            return new ClusterPanel(true, cluster.nodeId(), List.of(), Map.of(),
                    "The cluster database cannot be read, so only this node's plugins are shown: " + e.getMessage(),
                    reconcileAction);
        }
        Map<String, Boolean> online = new HashMap<>();
        List<Node> nodeRows = new ArrayList<>();
        for (ClusterNode node : nodes) {
            boolean up = cluster.online(node);
            online.put(node.id(), up);
            nodeRows.add(new Node(node.id(), node.address(), node.version(),
                    Instant.ofEpochMilli(node.lastSeen()).toString(), up, node.id().equals(cluster.nodeId())));
        }
        Set<String> onlineNodes = new TreeSet<>();
        online.forEach((id, up) -> {
            if (up) {
                onlineNodes.add(id);
            }
        });
        Map<String, List<NodePluginStatus>> byPlugin = new LinkedHashMap<>();
        for (NodePluginStatus s : statuses) {
            byPlugin.computeIfAbsent(s.pluginId(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        byPlugin.forEach((id, list) -> {
            list.sort(java.util.Comparator.comparing(NodePluginStatus::nodeId));
            List<Instance> instances = new ArrayList<>();
            Set<String> versions = new TreeSet<>();
            Set<String> shas = new TreeSet<>();
            Set<Integer> states = new TreeSet<>();
            Set<String> present = new TreeSet<>();
            boolean local = false;
            for (NodePluginStatus s : list) {
                boolean up = online.getOrDefault(s.nodeId(), false);
                instances.add(new Instance(s.nodeId(), s.version(), label(s.state()), up, !s.managed(), s.error()));
                local |= !s.managed();
                if (up) {
                    versions.add(s.version());
                    if (s.sha256() != null) {
                        shas.add(s.sha256());
                    }
                    states.add(s.state());
                    present.add(s.nodeId());
                }
            }
            if (!local) {
                // An online node with no status for a managed plugin: its state is not known (yet).
                for (String node : onlineNodes) {
                    if (list.stream().noneMatch(s -> s.nodeId().equals(node))) {
                        instances.add(new Instance(node, "", UNKNOWN, true, false,
                                "This node has not reported this plugin yet."));
                    }
                }
                instances.sort(java.util.Comparator.comparing(Instance::clusterId));
            }
            List<String> drift = new ArrayList<>();
            if (shas.size() > 1) {
                drift.add("the nodes run different bundles");
            }
            if (states.size() > 1) {
                drift.add("the nodes are in different states");
            }
            if (!local && !present.containsAll(onlineNodes)) {
                drift.add("some online nodes do not have it");
            }
            if (instances.stream().anyMatch(i -> !i.online())) {
                drift.add("some nodes are offline (their last known state is shown)");
            }
            String text = drift.isEmpty() ? null : "Not in sync across the cluster: " + String.join("; ", drift)
                    + ". Nodes converge by themselves; use Reconcile now to retry on this node.";
            plugins.put(id, new Plugin(instances, instances.size() > 1, versions.size() > 1, !drift.isEmpty(), text));
        });
        return new ClusterPanel(true, cluster.nodeId(), nodeRows, plugins, null, reconcileAction);
    }

    /** Mattermost's word for a state that is not one of the known ones, or not reported. */
    static final String UNKNOWN = "Unknown";

    private static String label(int code) {
        for (PluginState state : PluginState.values()) {
            if (state.code() == code) {
                return state.label();
            }
        }
        return UNKNOWN;
    }
}
