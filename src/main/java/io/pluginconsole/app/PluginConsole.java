package io.pluginconsole.app;

import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.bundle.BundleReader;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.FreeSpaceReserve;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.install.SignaturePolicy;
import io.pluginconsole.plugins.install.DownloadPolicy;
import io.pluginconsole.plugins.install.FetchOptions;
import io.pluginconsole.plugins.install.UrlFetcher;
import io.pluginconsole.plugins.install.SignatureVerifier;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.FileStores;
import java.nio.file.Path;
import java.util.List;

/** Composition root: builds the parts from the configuration. No logic lives here. */
public final class PluginConsole {
    private final ConfigStore config;
    private final FileStore store;
    private final PluginFolders folders;
    private final PluginService plugins;
    private Installer installer;
    private BundleStager stager;
    private PluginLocks locks;
    private PluginRuntime runtime;
    private UrlFetcher fetcher;

    private PluginConsole(ConfigStore config, FileStore store, PluginFolders folders, PluginService plugins) {
        this.config = config;
        this.store = store;
        this.folders = folders;
        this.plugins = plugins;
    }

    /**
     * Everything relative in the configuration is resolved against {@code workingDir}. No
     * pre-packaged plugins are offered.
     */
    public static PluginConsole build(ConfigStore config, Path workingDir, PluginRuntime runtime,
                                      BundleLimits limits, InstallSteps steps) {
        return build(config, workingDir, runtime, limits, steps, List.of());
    }

    /** As above, offering the pre-packaged plugins of {@code prepackaged} (see {@link Prepackaged#defaultSources}). */
    public static PluginConsole build(ConfigStore config, Path workingDir, PluginRuntime runtime,
                                      BundleLimits limits, InstallSteps steps, List<Prepackaged.Source> prepackaged) {
        Config current = config.current();
        FileStore store = FileStores.fromSettings(current.fileSettings(), workingDir);
        // Staging is the node's own, never the (possibly shared) file store.
        Path dataDir = current.serviceSettings().dataFolder(workingDir);
        PluginFolders folders = new PluginFolders(workingDir.resolve(current.pluginSettings().directory()));
        Path staging = dataDir.resolve(".staging");
        BundleStager stager = new BundleStager(staging, new FreeSpaceReserve(dataDir,
                () -> config.current().fileSettings().freeSpaceReserveBytes()));
        PluginLocks locks = new PluginLocks(30_000);
        Path configFolder = Path.of(config.location()).getParent();
        Installer installer = new Installer(folders, stager, new BundleReader(limits), store, runtime,
                id -> io.pluginconsole.plugins.sync.RunRule.shouldRun(config.current(), id), locks, steps,
                () -> new SignaturePolicy(config.current().pluginSettings().requirePluginSignature(),
                        () -> SignatureVerifier.fromKeyFiles(configFolder,
                                config.current().pluginSettings().signaturePublicKeyFiles())));
        Config.LimitSettings downloadLimits = current.limitSettings();
        UrlFetcher fetcher = new UrlFetcher(stager, FetchOptions.defaults().withConcurrency(
                downloadLimits.maxConcurrentDownloads(), downloadLimits.maxQueuedDownloads()),
                () -> DownloadPolicy.from(config.current(), workingDir));
        PluginService plugins = new PluginService(config, folders, installer, stager, store, runtime, locks,
                fetcher, new Prepackaged(prepackaged));
        config.addListener(plugins::onConfigurationChanged);
        PluginConsole console = new PluginConsole(config, store, folders, plugins);
        console.installer = installer;
        console.stager = stager;
        console.locks = locks;
        console.runtime = runtime;
        console.fetcher = fetcher;
        return console;
    }

    public ConfigStore config() {
        return config;
    }

    public FileStore store() {
        return store;
    }

    public PluginFolders folders() {
        return folders;
    }

    public PluginService plugins() {
        return plugins;
    }

    /** The parts a cluster reconciler drives (the same ones the facade uses). */
    public Installer installer() {
        return installer;
    }

    public BundleStager stager() {
        return stager;
    }

    public PluginLocks locks() {
        return locks;
    }

    public PluginRuntime runtime() {
        return runtime;
    }

    /** Downloads for installs from URL (its shared client is stopped when the server stops). */
    public UrlFetcher fetcher() {
        return fetcher;
    }
}
