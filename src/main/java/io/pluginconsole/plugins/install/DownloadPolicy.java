package io.pluginconsole.plugins.install;

import io.pluginconsole.config.Config;
import io.pluginconsole.net.AllowedInternalConnections;
import java.nio.file.Path;

/**
 * What the settings allow a download: plain http (PluginSettings.AllowInsecureDownloadURL), which
 * internal hosts and ranges (ServiceSettings.AllowedUntrustedInternalConnections), and which extra
 * certificate authorities (PluginSettings.TrustedCACertificatesFile, null for none).
 */
public record DownloadPolicy(boolean allowInsecure, AllowedInternalConnections allowed, Path caFile) {

    /** Reads the settings; relative file names are resolved against {@code workingDir}. */
    public static DownloadPolicy from(Config config, Path workingDir) {
        String ca = config.pluginSettings().trustedCACertificatesFile();
        return new DownloadPolicy(config.pluginSettings().allowInsecureDownloadURL(),
                AllowedInternalConnections.parse(config.serviceSettings().allowedUntrustedInternalConnections()),
                ca == null || ca.isBlank() ? null : workingDir.resolve(ca.strip()).normalize());
    }
}
