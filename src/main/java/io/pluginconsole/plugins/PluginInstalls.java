package io.pluginconsole.plugins;

import io.pluginconsole.config.Config;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.InstallSource;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.install.UrlFetcher;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Every way a bundle reaches the install pipeline from outside: a stream (upload, CLI), a staged
 * file (a reviewed overwrite), a URL. Each checks that plugins are available first; the bundle's
 * size limit is {@code FileSettings.MaxFileSize}.
 */
public final class PluginInstalls {
    private final Installer installer;
    private final BundleStager stager;
    private final UrlFetcher fetcher;
    private final Supplier<Config> config;
    private final PluginAvailability availability;

    public PluginInstalls(Installer installer, BundleStager stager, UrlFetcher fetcher, Supplier<Config> config,
                          PluginAvailability availability) {
        this.installer = installer;
        this.stager = stager;
        this.fetcher = fetcher;
        this.config = config;
        this.availability = availability;
    }

    public long maxBundleBytes() {
        return config.get().fileSettings().maxFileSize();
    }

    /**
     * Refuses (507) an upload that would leave less than the free-space reserve, before its body
     * is read. The request is received to disk once and staged once more, so it counts twice;
     * an unknown length counts as the largest bundle accepted.
     */
    public void requireRoomForUpload(long declaredBytes) {
        long size = declaredBytes > 0 ? Math.min(declaredBytes, maxBundleBytes()) : maxBundleBytes();
        stager.requireRoomFor(2 * size);
    }

    /** Installs a bundle with its detached signature (null: unsigned), checked before anything is unpacked. */
    public InstallResult install(InputStream bundle, byte[] signature, InstallMode mode, InstallSource source) {
        availability.require();
        return installer.install(bundle, signature, maxBundleBytes(), mode, source);
    }

    /** Installs a staged bundle; the caller still owns (and closes) it. */
    public InstallResult installStaged(StagedBundle staged, byte[] signature, InstallMode mode, InstallSource source) {
        availability.require();
        return installer.installStaged(staged, signature, mode, source, true);
    }

    /**
     * Downloads a bundle (https, internal destinations refused unless allowed, at most 3 checked
     * redirects, size and time limits) without installing it; the caller owns (and closes) it.
     */
    public StagedBundle fetch(String url) {
        availability.require();
        return fetcher.fetch(url, maxBundleBytes());
    }

    /** Receives a bundle without installing it, so a console can ask before overwriting. */
    public StagedBundle stage(InputStream bundle) {
        availability.require();
        return stager.stage(bundle, maxBundleBytes());
    }

    /** The manifest of a staged bundle, read under the install limits without installing it. */
    public Manifest inspect(StagedBundle staged) {
        availability.require();
        return installer.inspect(staged);
    }

    /** Whether every install must carry a signature by a trusted key (PluginSettings.RequirePluginSignature). */
    public boolean signaturesRequired() {
        return installer.signaturesRequired();
    }
}
