package io.pluginconsole.plugins.cluster;

/** The bundle a stored plugin should be, as recorded by the node that stored it. */
public record ExpectedBundle(String pluginId, String sha256, String version, long updatedAt) {
}
