package io.pluginconsole.plugins.cluster;

/**
 * One plugin on one node, as that node published it after its last reconcile pass. {@code state}
 * is Mattermost's number; {@code managed} is false for a plugin unpacked by hand on that node
 * (local to it); {@code sha256} is null then.
 */
public record NodePluginStatus(String nodeId, String pluginId, int state, String version, String sha256,
                               String error, long reconciledAt, boolean managed, String name, String description,
                               String pluginPath) {
}
