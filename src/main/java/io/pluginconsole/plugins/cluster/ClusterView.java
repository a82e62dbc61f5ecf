package io.pluginconsole.plugins.cluster;

import java.util.List;

/** What the API and the console show of the cluster, and the "Reconcile now" action. */
public interface ClusterView {
    String nodeId();

    /** Every registered node; throws when the database cannot be reached. */
    List<ClusterNode> nodes();

    /** Every node's published statuses; throws when the database cannot be reached. */
    List<NodePluginStatus> statuses();

    /** Whether the node was seen within three reconcile intervals. */
    boolean online(ClusterNode node);

    /** Runs a reconcile pass on this node now and waits for it; returns its problems. */
    List<String> reconcileNow();
}
