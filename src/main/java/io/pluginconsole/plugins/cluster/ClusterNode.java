package io.pluginconsole.plugins.cluster;

/** A node of the cluster as registered in the shared database; times in epoch milliseconds. */
public record ClusterNode(String id, String address, String version, long startedAt, long lastSeen) {
}
