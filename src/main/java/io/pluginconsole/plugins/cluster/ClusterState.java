package io.pluginconsole.plugins.cluster;

import io.pluginconsole.plugins.install.BundleLedger;
import java.util.List;
import java.util.Map;

/**
 * What the nodes of a cluster share besides the configuration and the file store: the expected
 * bundle of each plugin, the node registry and every node's statuses. Kept in the database.
 * Every method may throw when the database cannot be reached.
 */
public interface ClusterState extends BundleLedger {

    /** The expected bundle of each stored plugin, by plugin id. */
    Map<String, ExpectedBundle> expectedBundles();

    /** Registers the node or refreshes its entry (address, version, last seen). */
    void heartbeat(ClusterNode node);

    /** Replaces the node's statuses with these and refreshes its last seen time. */
    void publish(ClusterNode node, List<NodePluginStatus> statuses);

    List<ClusterNode> nodes();

    List<NodePluginStatus> statuses();

    /** Tells the other nodes that something changed (a no-op where the database cannot). */
    void announce(String what);
}
