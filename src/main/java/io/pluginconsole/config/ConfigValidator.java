package io.pluginconsole.config;

import io.pluginconsole.net.AllowedInternalConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks the values a typed {@link Config} cannot express; each message names the key. */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    public static void validate(Config config, String source) {
        List<String> problems = new ArrayList<>();
        String listen = config.serviceSettings().listenAddress();
        if (ListenAddress.parse(listen) == null) {
            problems.add("ServiceSettings.ListenAddress has the value \"" + listen
                    + "\"; use \":PORT\" or \"HOST:PORT\" with a port from 0 to 65535");
        }
        Config.FileSettings files = config.fileSettings();
        if (!Set.of("local", "amazons3").contains(files.driverName())) {
            problems.add("FileSettings.DriverName has the value \"" + files.driverName()
                    + "\"; use \"local\" or \"amazons3\"");
        }
        if (files.maxFileSize() <= 0) {
            problems.add("FileSettings.MaxFileSize has the value " + files.maxFileSize()
                    + "; use a positive number of bytes (default 104857600)");
        }
        if (files.freeSpaceReserveBytes() < 0) {
            problems.add("FileSettings.FreeSpaceReserveBytes has the value " + files.freeSpaceReserveBytes()
                    + "; use 0 or more bytes (default 268435456)");
        }
        if (files.driverName().equals("local") && files.directory().isBlank()) {
            problems.add("FileSettings.Directory is empty; give a folder such as \"./data/\"");
        }
        if (files.driverName().equals("amazons3") && files.amazonS3Bucket().isBlank()) {
            problems.add("FileSettings.AmazonS3Bucket is empty but FileSettings.DriverName is \"amazons3\"; "
                    + "name the bucket");
        }
        if (config.serviceSettings().dataDirectory() == null || config.serviceSettings().dataDirectory().isBlank()) {
            problems.add("ServiceSettings.DataDirectory is empty; give a folder of this node's own such as \"./data\"");
        }
        if (config.pluginSettings().directory().isBlank()) {
            problems.add("PluginSettings.Directory is empty; give a folder such as \"./plugins\"");
        }
        if (config.pluginSettings().pluginStartTimeoutSeconds() < 1) {
            problems.add("PluginSettings.PluginStartTimeoutSeconds has the value "
                    + config.pluginSettings().pluginStartTimeoutSeconds() + "; use a number of seconds of 1 or more");
        }
        if (config.clusterSettings().reconcileIntervalSeconds() < 1) {
            problems.add("ClusterSettings.ReconcileIntervalSeconds has the value "
                    + config.clusterSettings().reconcileIntervalSeconds() + "; use a number of seconds of 1 or more");
        }
        if (config.pluginSettings().healthCheckIntervalSeconds() < 1) {
            problems.add("PluginSettings.HealthCheckIntervalSeconds has the value "
                    + config.pluginSettings().healthCheckIntervalSeconds() + "; use a number of seconds of 1 or more");
        }
        Config.LimitSettings limits = config.limitSettings();
        atLeast(problems, "LimitSettings.MaxRequestBodies", limits.maxRequestBodies(), 1, "requests");
        atLeast(problems, "LimitSettings.MaxRequestBodiesPerAddress", limits.maxRequestBodiesPerAddress(), 1,
                "requests");
        atLeast(problems, "LimitSettings.MinRequestBodyBytesPerSecond", limits.minRequestBodyBytesPerSecond(), 0,
                "bytes per second (0 turns the check off)");
        atLeast(problems, "LimitSettings.RequestBodyGraceSeconds", limits.requestBodyGraceSeconds(), 1, "seconds");
        atLeast(problems, "LimitSettings.MaxConcurrentDownloads", limits.maxConcurrentDownloads(), 1, "downloads");
        atLeast(problems, "LimitSettings.MaxQueuedDownloads", limits.maxQueuedDownloads(), 0, "downloads");
        try {
            AllowedInternalConnections.parse(config.serviceSettings().allowedUntrustedInternalConnections());
        } catch (IllegalArgumentException e) {
            problems.add("ServiceSettings.AllowedUntrustedInternalConnections: " + e.getMessage());
        }
        if (!Set.of("h2", "postgres").contains(config.sqlSettings().driverName())) {
            problems.add("SqlSettings.DriverName has the value \"" + config.sqlSettings().driverName()
                    + "\"; use \"h2\" or \"postgres\"");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source + ": " + String.join("; ", problems) + ".");
        }
    }

    private static void atLeast(List<String> problems, String key, int value, int min, String unit) {
        if (value < min) {
            problems.add(key + " has the value " + value + "; use a number of " + unit + " of " + min + " or more");
        }
    }
}
