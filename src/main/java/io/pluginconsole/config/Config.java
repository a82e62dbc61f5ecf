package io.pluginconsole.config;

import java.util.List;
import java.util.Map;

/**
 * The effective configuration: config.json merged over the defaults, then the MM_* environment
 * overrides. Section and key names are Mattermost's, so an existing config.json reads unchanged.
 */
public record Config(
        ServiceSettings serviceSettings,
        PluginSettings pluginSettings,
        FileSettings fileSettings,
        SqlSettings sqlSettings,
        LogSettings logSettings,
        ClusterSettings clusterSettings,
        LimitSettings limitSettings) {

    public static Config defaults() {
        return new Config(
                new ServiceSettings("", ":8065", false, false, true, 300_000L, "", "./data"),
                new PluginSettings(true, false, false, true, "./plugins", "./client/plugins",
                        Map.of(), Map.of(), true, true, true, false,
                        "https://api.integrations.mattermost.com", List.of(), 10, 30, ""),
                new FileSettings("local", "./data/", 104_857_600L,
                        "", "", "", "", "", "s3.amazonaws.com", true, false, 30_000L, 268_435_456L),
                new SqlSettings("h2", ""),
                new LogSettings(true, "INFO", true, "INFO", "./logs"),
                new ClusterSettings(false, "", 30, true),
                LimitSettings.DEFAULTS);
    }

    public record ServiceSettings(
            String siteURL,
            String listenAddress,
            boolean enableDeveloper,
            boolean enableUserAccessTokens,
            boolean experimentalStrictCSRFEnforcement,
            long maximumPayloadSizeBytes,
            /* Mattermost's: host names, IPs and CIDR ranges (whitespace or comma separated) that
               outbound downloads may reach although they are internal. */
            String allowedUntrustedInternalConnections,
            /* Ours: the node's own files (cluster node id, embedded database, setup token, staging
               and upload spill folders), apart from the file store, which nodes may share. */
            String dataDirectory) {

        /** The node's own data folder, resolved against the working directory. */
        public java.nio.file.Path dataFolder(java.nio.file.Path workingDir) {
            return workingDir.resolve(dataDirectory).toAbsolutePath().normalize();
        }
    }

    public record PluginSettings(
            boolean enable,
            boolean enableUploads,
            boolean allowInsecureDownloadURL,
            boolean enableHealthCheck,
            String directory,
            String clientDirectory,
            Map<String, Map<String, Object>> plugins,
            Map<String, PluginStateSetting> pluginStates,
            boolean enableMarketplace,
            boolean enableRemoteMarketplace,
            boolean automaticPrepackagedPlugins,
            boolean requirePluginSignature,
            String marketplaceURL,
            List<String> signaturePublicKeyFiles,
            int pluginStartTimeoutSeconds,
            int healthCheckIntervalSeconds,
            /* Ours (Mattermost ignores it): a PEM file of extra certificate authorities that
               downloads from https URLs trust besides the JVM's. */
            String trustedCACertificatesFile) {

        public boolean isEnabled(String pluginId) {
            PluginStateSetting state = pluginStates == null ? null : pluginStates.get(pluginId);
            return state != null && state.enable();
        }
    }

    public record PluginStateSetting(boolean enable) {
    }

    public record FileSettings(
            String driverName,
            String directory,
            long maxFileSize,
            String amazonS3AccessKeyId,
            String amazonS3SecretAccessKey,
            String amazonS3Bucket,
            String amazonS3PathPrefix,
            String amazonS3Region,
            String amazonS3Endpoint,
            boolean amazonS3SSL,
            boolean amazonS3PathStyle,
            long amazonS3RequestTimeoutMilliseconds,
            /* Ours: bytes of free disk space that uploads and downloads leave for the database and
               the configuration; a bundle that would eat into them is refused (507). */
            long freeSpaceReserveBytes) {
    }

    public record SqlSettings(String driverName, String dataSource) {
    }

    public record LogSettings(
            boolean enableConsole,
            String consoleLevel,
            boolean enableFile,
            String fileLevel,
            String fileLocation) {
    }

    /**
     * {@code ReconcileIntervalSeconds} (ours): how often each node reconciles with the shared state
     * even without events; {@code ReconcileOnEvents} (ours): also reconcile on PostgreSQL NOTIFY.
     */
    public record ClusterSettings(boolean enable, String clusterName, int reconcileIntervalSeconds,
                                  boolean reconcileOnEvents) {
    }

    /**
     * Ours: how much of the server slow or greedy clients may hold. Requests whose body is still
     * arriving are counted in total and per client address (the excess is refused with 503 before
     * its body is read); a body must arrive at {@code MinRequestBodyBytesPerSecond} on average once
     * {@code RequestBodyGraceSeconds} have passed, or its connection is closed. Installs from URL
     * download at most {@code MaxConcurrentDownloads} bundles at once and let at most
     * {@code MaxQueuedDownloads} more wait for a turn.
     */
    public record LimitSettings(int maxRequestBodies, int maxRequestBodiesPerAddress,
                                int minRequestBodyBytesPerSecond, int requestBodyGraceSeconds,
                                int maxConcurrentDownloads, int maxQueuedDownloads) {
        static final LimitSettings DEFAULTS = new LimitSettings(128, 32, 1024, 10, 4, 8);
    }
}
