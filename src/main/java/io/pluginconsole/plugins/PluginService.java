package io.pluginconsole.plugins;

import io.pluginconsole.plugins.install.InstallSource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.StartupProblem;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.Hashing;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.FileStoreException;
import io.pluginconsole.storage.StoreKeys;
import io.pluginconsole.plugins.bundle.PluginIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one facade the web pages, the REST API and the CLI call for plugins: list, install,
 * enable, disable, remove and sync from the file store.
 */
public final class PluginService {
    private static final Logger LOG = LoggerFactory.getLogger(PluginService.class);

    private final ConfigStore config;
    private final PluginFolders folders;
    private final Installer installer;
    private final BundleStager stager;
    private final FileStore store;
    private final PluginRuntime runtime;
    private final PluginLocks locks;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final io.pluginconsole.plugins.install.UrlFetcher fetcher;
    private volatile List<StartupProblem> startupProblems = List.of();
    private final Prepackaged prepackaged;
    /** What every read path serves; republished after every change (see {@link #published}). */
    private final io.pluginconsole.plugins.state.PluginCatalog catalog;

    /** Why a pre-packaged plugin cannot be removed (the page's note and the API's error). */
    public static final String PREPACKAGED_REMOVE_NOTE =
            "Pre-packaged with the server; remove the bundle from the prepackaged_plugins folder to remove it.";
    private volatile io.pluginconsole.plugins.install.BundleLedger ledger =
            io.pluginconsole.plugins.install.BundleLedger.NONE;
    private volatile io.pluginconsole.plugins.cluster.ClusterView cluster;

    public PluginService(ConfigStore config, PluginFolders folders, Installer installer, BundleStager stager,
                         FileStore store, PluginRuntime runtime, PluginLocks locks,
                         io.pluginconsole.plugins.install.UrlFetcher fetcher) {
        this(config, folders, installer, stager, store, runtime, locks, fetcher, Prepackaged.none());
    }

    public PluginService(ConfigStore config, PluginFolders folders, Installer installer, BundleStager stager,
                         FileStore store, PluginRuntime runtime, PluginLocks locks,
                         io.pluginconsole.plugins.install.UrlFetcher fetcher, Prepackaged prepackaged) {
        this.prepackaged = prepackaged;
        this.fetcher = fetcher;
        this.config = config;
        this.folders = folders;
        this.installer = installer;
        this.stager = stager;
        this.store = store;
        this.runtime = runtime;
        this.locks = locks;
        this.catalog = new io.pluginconsole.plugins.state.PluginCatalog(folders, this::prepackaged, config::current,
                runtime);
        runtime.onStatusChange(catalog::restate);
    }

    /** The plugins as last published: what pages, API and listings show, without touching the disk. */
    public io.pluginconsole.plugins.state.PluginSnapshot snapshot() {
        return catalog.current();
    }

    /** Rescans the plugins folder and publishes what changed (after changes made around this service). */
    public void refresh() {
        catalog.refresh();
    }

    /**
     * Follows hand changes of the plugins folder (a watch, and a rescan every {@code period});
     * closing it stops following.
     */
    public AutoCloseable followFolder(java.time.Duration period) {
        return io.pluginconsole.plugins.state.PluginFolderWatch.start(folders.root(), catalog, period);
    }

    /** Runs a change, then publishes the next snapshot, so the next read sees it whatever the outcome. */
    private <T> T published(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } finally {
            catalog.refresh();
        }
    }

    private void published(Runnable change) {
        published(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Joins a cluster: installs record their bundle's SHA-256 in the shared state (the install
     * path does it, in one place) and removals clear it; the statuses and "reconcile now" come
     * from {@code view}.
     */
    public void joinCluster(io.pluginconsole.plugins.install.BundleLedger ledger,
                            io.pluginconsole.plugins.cluster.ClusterView view) {
        this.ledger = ledger;
        this.cluster = view;
        installer.useLedger(ledger);
    }

    /** The cluster this node belongs to, when ClusterSettings.Enable is on. */
    public java.util.Optional<io.pluginconsole.plugins.cluster.ClusterView> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    /**
     * Installed plugins and the pre-packaged plugins on offer that are not installed yet, sorted by
     * name, then id (the console's order).
     */
    public List<PluginInfo> list() {
        return catalog.current().plugins();
    }

    public long maxBundleBytes() {
        return config.current().fileSettings().maxFileSize();
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

    public InstallResult install(InputStream bundle, InstallMode mode, InstallSource source) {
        requireAvailable();
        return published(() -> installer.install(bundle, null, maxBundleBytes(), mode, source));
    }

    /**
     * Downloads a bundle (https, internal destinations refused unless allowed, at most 3 checked
     * redirects, size and time limits) and installs it.
     */
    public InstallResult installFromUrl(String url, InstallMode mode, InstallSource source) {
        requireAvailable();
        try (StagedBundle staged = fetcher.fetch(url, maxBundleBytes())) {
            return published(() -> installer.installStaged(staged, null, mode, source, true));
        }
    }

    /**
     * Downloads a bundle through the same fenced fetch as {@link #installFromUrl} without installing
     * it, so a console can show what arrived before overwriting; the caller owns (and closes) it.
     */
    public StagedBundle stageFromUrl(String url) {
        requireAvailable();
        return fetcher.fetch(url, maxBundleBytes());
    }

    /** The manifest of a staged bundle, read under the install limits without installing it. */
    public io.pluginconsole.plugins.bundle.Manifest inspect(StagedBundle staged) {
        requireAvailable();
        return installer.inspect(staged);
    }

    /** Receives a bundle without installing it, so a console can ask before overwriting. */
    public StagedBundle stage(InputStream bundle) {
        requireAvailable();
        return stager.stage(bundle, maxBundleBytes());
    }

    /** Installs a bundle received with {@link #stage}; the caller still owns (and closes) it. */
    public InstallResult installStaged(StagedBundle staged, InstallMode mode, InstallSource source) {
        return installStaged(staged, null, mode, source);
    }

    /**
     * Installs a bundle received with {@link #stage} with its detached signature (null: unsigned),
     * which is checked before anything is unpacked; the caller still owns (and closes) the bundle.
     */
    public InstallResult installStaged(StagedBundle staged, byte[] signature, InstallMode mode, InstallSource source) {
        requireAvailable();
        return published(() -> installer.installStaged(staged, signature, mode, source, true));
    }

    /** Whether every install must carry a signature by a trusted key (PluginSettings.RequirePluginSignature). */
    public boolean signaturesRequired() {
        return installer.signaturesRequired();
    }

    /** One installed plugin, if any. */
    public java.util.Optional<PluginInfo> find(String rawId) {
        return catalog.current().find(normalise(rawId));
    }

    /** Installs a bundle with its detached signature, which is checked before anything is unpacked. */
    public InstallResult install(InputStream bundle, byte[] signature, InstallMode mode, InstallSource source) {
        requireAvailable();
        return published(() -> installer.install(bundle, signature, maxBundleBytes(), mode, source));
    }

    /**
     * Removes a plugin: disabled first (settings kept), then its stored bundle, then its folder.
     * Pre-packaged plugins are refused: they come back from their bundle at every start.
     */
    public void remove(String rawId) {
        requireAvailable();
        String id = normalise(rawId);
        if (isPrepackaged(id)) {
            throw new PluginException(ErrorIds.REMOVE_PREPACKAGED, PluginException.Kind.FORBIDDEN,
                    PREPACKAGED_REMOVE_NOTE, "pre-packaged plugin " + id, null);
        }
        published(() -> locks.withLock(id, () -> {
            InstalledPlugin plugin = require(id);
            setEnabled(id, false);
            runtime.deactivate(id);
            try {
                store.delete(StoreKeys.bundle(id));
                store.delete(StoreKeys.signature(id));
            } catch (FileStoreException e) {
                throw new PluginException(ErrorIds.REMOVE_BUNDLE, PluginException.Kind.UPSTREAM,
                        "Unable to delete the plugin's bundle from the file store, so the plugin was kept: "
                                + e.getMessage(), e.getMessage(), e);
            }
            try {
                ledger.recordRemoved(id);
            } catch (RuntimeException e) {
                LOG.warn("Removed the bundle of {} but could not record it in the cluster database "
                        + "(the other nodes still remove it on their next pass): {}", id, e.getMessage());
            }
            try {
                folders.discard(plugin.folder());
            } catch (IOException e) {
                throw new PluginException(ErrorIds.REMOVE, PluginException.Kind.INTERNAL,
                        "Unable to delete the plugin folder " + plugin.folder() + ": " + e.getMessage(),
                        e.getMessage(), e);
            }
            LOG.info("Removed plugin {}", id);
            return null;
        }));
    }

    public void enable(String rawId) {
        requireAvailable();
        String id = normalise(rawId);
        published(() -> enableInstalled(id));
    }

    private void enableInstalled(String id) {
        installOfferedIfNewer(id);
        locks.withLock(id, () -> {
            InstalledPlugin plugin = require(id);
            boolean wasWanted = wanted(config.current(), id);
            setEnabled(id, true); // the change listener starts a plugin that was not wanted before
            if (wasWanted) {
                activateQuietly(id, plugin); // enabling again retries a plugin that failed
            }
            return null;
        });
    }

    private void activateQuietly(String id, InstalledPlugin plugin) {
        try {
            runtime.activate(id, plugin.folder(), plugin.manifest());
        } catch (PluginException e) {
            // As in Mattermost, enabling succeeds; the status shows why (the runtime logged it).
        }
    }

    /**
     * Follows configuration changes from anywhere (the API, the settings page, the CLI on another
     * node): a plugin whose wanted state changed ({@code PluginSettings.Enable} and its
     * {@code PluginStates} entry) is started or stopped, and a running plugin whose settings
     * changed is sent them. Decisions use the latest configuration, so late calls do no harm.
     */
    public void onConfigurationChanged(Config before, Config after) {
        catalog.restate(); // enabled flags as saved, before any plugin starts or stops
        if (unavailable()) {
            return; // nothing runs until the folder problem is fixed
        }
        for (InstalledPlugin plugin : folders.scan().values()) {
            String id = plugin.id();
            if (wanted(before, id) != wanted(after, id)) {
                locks.withLock(id, () -> {
                    if (wanted(config.current(), id)) {
                        activateQuietly(id, plugin);
                    } else {
                        runtime.deactivate(id);
                    }
                    return null;
                });
            }
            if (!java.util.Objects.equals(settings(before, id), settings(after, id))) {
                runtime.configure(id, settings(config.current(), id));
            }
        }
    }

    private static boolean wanted(Config config, String id) {
        return config.pluginSettings().enable() && config.pluginSettings().isEnabled(id);
    }

    /** A plugin's settings ({@code PluginSettings.Plugins[id]}), empty when it has none. */
    public static Map<String, Object> settings(Config config, String id) {
        var all = config.pluginSettings().plugins();
        Map<String, Object> mine = all == null ? null : all.get(id);
        return mine == null ? Map.of() : mine;
    }

    /**
     * The installed, enabled plugins to start at server start, each shown as Starting from now
     * until {@link #activateEnabled(List)} has started it or it failed.
     */
    public List<PluginInfo> enabledAtStart() {
        if (!config.current().pluginSettings().enable()) {
            return List.of();
        }
        List<PluginInfo> enabled = new ArrayList<>();
        for (PluginInfo plugin : list()) {
            if (plugin.enabled() && plugin.installed()) {
                runtime.starting(plugin.id());
                enabled.add(plugin);
            }
        }
        return enabled;
    }

    /**
     * Starts these plugins one after the other (in the background, after the server listens);
     * failures show in the statuses. A plugin disabled or removed meanwhile is not started, and an
     * interrupt (the server stopping) ends the run.
     */
    public void activateEnabled(List<PluginInfo> plugins) {
        for (PluginInfo plugin : plugins) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            String id = plugin.id();
            try {
                locks.withLock(id, () -> {
                    // Read again: the plugin may have been replaced or removed since the server started.
                    InstalledPlugin current = Files.isDirectory(plugin.plugin().folder())
                            ? PluginFolders.read(plugin.plugin().folder()) : null;
                    if (current != null && current.id().equals(id) && wanted(config.current(), id)) {
                        runtime.activate(id, current.folder(), current.manifest());
                    } else if (runtime.status(id).state() == PluginState.STARTING) {
                        runtime.deactivate(id); // no longer wanted: not Starting any more
                    }
                    return null;
                });
            } catch (PluginException e) {
                LOG.warn("Plugin {} failed to start: {}", id, e.getMessage());
            }
        }
    }

    /** The webapp bundle URL a running plugin's client manifest points at, Mattermost-style, or null. */
    public String webappBundleUrl(String id) {
        String file = runtime.webappBundle(id);
        return file == null ? null : "/static/" + id + "/" + file;
    }

    public void disable(String rawId) {
        String id = normalise(rawId);
        published(() -> locks.withLock(id, () -> {
            if (!folders.scan().containsKey(id) && prepackaged().containsKey(id)) {
                setEnabled(id, false); // on offer, not installed: nothing runs
                return null;
            }
            require(id);
            setEnabled(id, false);
            runtime.deactivate(id);
            return null;
        }));
    }

    /**
     * Brings the plugins folder in line with the file store (run at start): installs stored
     * bundles the folder lacks, removes managed plugins whose bundle is gone, and never touches
     * plugins unpacked by hand. A stored bundle whose SHA-256 differs from the one recorded at
     * install is not unpacked: the installed version is kept and an alert raised.
     */
    public SyncReport syncFromFileStore() {
        return published(this::syncFolderWithStore);
    }

    private SyncReport syncFolderWithStore() {
        recoverFolders();
        Map<String, Prepackaged.Bundle> offered = prepackaged();
        List<String> installed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> keys;
        try {
            keys = store.list("plugins/");
        } catch (FileStoreException e) {
            problems.add("The file store could not be read, so nothing was synced: " + e.getMessage());
            LOG.error(problems.get(0));
            return new SyncReport(installed, removed, kept, problems);
        }
        Map<String, InstalledPlugin> local = folders.scan();
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (String key : keys) {
            String name = key.substring("plugins/".length());
            if (!name.endsWith(".tar.gz") || name.contains("/")) {
                continue;
            }
            String id = name.substring(0, name.length() - ".tar.gz".length());
            if (!PluginIds.isValid(id)) {
                problems.add("Ignored " + key + ": not a valid plugin id.");
                continue;
            }
            stored.add(id);
            InstalledPlugin present = local.get(id);
            if (present != null && (!present.managed() || isPrepackagedCopy(present, offered))) {
                kept.add(id); // by hand, or a newer pre-packaged copy overriding the stored bundle
                continue;
            }
            try (InputStream in = store.read(key);
                 StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
                byte[] signature = readSignature(id);
                if (present != null) {
                    if (present.record().sha256().equals(staged.sha256())) {
                        if (installer.signaturesRequired() && !verifiedOrRemoved(present, staged, signature, problems)) {
                            continue;
                        }
                        kept.add(id);
                        continue;
                    }
                    if (present.record().source().is(InstallSource.Kind.PREPACKAGED)) {
                        // a pre-packaged copy no longer offered: the stored bundle it overrode comes back
                        installer.installStaged(staged, signature, InstallMode.ALWAYS, InstallSource.FILESTORE, false);
                        installed.add(id);
                        continue;
                    }
                    String alert = "Plugin " + id + " failed its integrity check: the stored bundle " + key
                            + " has SHA-256 " + staged.sha256() + " but " + present.record().sha256()
                            + " was installed. The installed version was kept; re-install the plugin to replace it.";
                    alerts.add(alert);
                    problems.add(alert);
                    LOG.error(alert);
                    continue;
                }
                installer.installStaged(staged, signature, InstallMode.ALWAYS, InstallSource.FILESTORE, false);
                installed.add(id);
            } catch (PluginException | FileStoreException | IOException e) {
                problems.add("Could not install " + id + " from the file store: " + e.getMessage());
                LOG.error(problems.get(problems.size() - 1));
            }
        }
        for (InstalledPlugin plugin : local.values()) {
            if (isPrepackagedCopy(plugin, offered) && !stored.contains(plugin.id())) {
                kept.add(plugin.id());
            } else if (plugin.managed() && !stored.contains(plugin.id())) {
                try {
                    locks.withLock(plugin.id(), () -> {
                        runtime.deactivate(plugin.id());
                        try {
                            PluginFolders.deleteTree(plugin.folder());
                        } catch (IOException e) {
                            throw new PluginException(ErrorIds.REMOVE, PluginException.Kind.INTERNAL,
                                    e.getMessage(), e.getMessage(), e);
                        }
                        return null;
                    });
                    removed.add(plugin.id());
                } catch (PluginException e) {
                    problems.add("Could not remove " + plugin.id() + ": " + e.getMessage());
                }
            }
        }
        return new SyncReport(installed, removed, kept, problems);
    }

    /** The pre-packaged plugins on offer, by id (read on first use; nothing while plugins are unavailable). */
    public Map<String, Prepackaged.Bundle> prepackaged() {
        if (unavailable()) {
            return prepackaged.loaded();
        }
        return prepackaged.load(stager, installer::inspect);
    }

    /**
     * Start-up, with {@code PluginSettings.AutomaticPrepackagedPlugins}: every pre-packaged plugin
     * enabled in {@code PluginStates} is installed, or upgraded when the offered version is newer
     * than the installed one (never downgraded), through the install pipeline and without writing
     * it to the file store.
     */
    public SyncReport installPrepackaged() {
        return published(this::installOffered);
    }

    private SyncReport installOffered() {
        List<String> installed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Config.PluginSettings settings = config.current().pluginSettings();
        if (!settings.automaticPrepackagedPlugins() || unavailable()) {
            return new SyncReport(installed, List.of(), kept, problems);
        }
        for (Prepackaged.Bundle bundle : prepackaged().values()) {
            if (!settings.isEnabled(bundle.id())) {
                continue;
            }
            try {
                if (installOfferedIfNewer(bundle.id())) {
                    installed.add(bundle.id());
                } else {
                    kept.add(bundle.id());
                }
            } catch (PluginException e) {
                problems.add("Could not install the pre-packaged plugin " + bundle.id() + " from " + bundle.origin()
                        + ": " + e.getMessage());
                LOG.error(problems.get(problems.size() - 1));
            }
        }
        return new SyncReport(installed, List.of(), kept, problems);
    }

    /**
     * Installs the pre-packaged plugin {@code id} when it is on offer and either not installed or
     * older than the offered version; returns whether it installed.
     */
    private boolean installOfferedIfNewer(String id) {
        Prepackaged.Bundle bundle = prepackaged().get(id);
        if (bundle == null) {
            return false;
        }
        InstalledPlugin present = folders.scan().get(id);
        if (present != null && !Prepackaged.isNewer(bundle.manifest().version(), present.manifest().version())) {
            return false;
        }
        try (InputStream in = bundle.candidate().bundle().open();
             StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
            InstallResult result = installer.installStaged(staged, bundle.signature(), InstallMode.IF_NEWER,
                    InstallSource.PREPACKAGED, false);
            LOG.info("Installed the pre-packaged plugin {} {} from {}{}", id, bundle.version(), bundle.origin(),
                    result.replaced() ? " (was " + result.previousVersion() + ")" : "");
            return true;
        } catch (PluginException e) {
            if (e.id().equals(ErrorIds.SKIP_INSTALLATION)) {
                return false; // installed meanwhile by another request
            }
            throw e;
        } catch (IOException e) {
            throw new PluginException(ErrorIds.INSTALL, PluginException.Kind.INTERNAL,
                    "The pre-packaged bundle " + bundle.origin() + " could not be read: " + e.getMessage(),
                    e.getMessage(), e);
        }
    }

    /** Whether a plugin comes with the server: on offer, and not installed or installed from the offer. */
    public boolean isPrepackaged(String rawId) {
        return catalog.current().find(normalise(rawId)).map(PluginInfo::prepackaged).orElse(false);
    }

    private static boolean isPrepackagedCopy(InstalledPlugin plugin, Map<String, Prepackaged.Bundle> offered) {
        return io.pluginconsole.plugins.state.PluginCatalog.isPrepackagedCopy(plugin, offered);
    }

    /**
     * With RequirePluginSignature on, an installed plugin is kept at start only if its stored
     * bundle's signature still verifies (Mattermost re-installs, and so re-verifies, every plugin
     * at start). Otherwise its folder is removed, as Mattermost's sync would leave it out; the
     * bundle stays in the file store, so turning the requirement off (or trusting the key) and
     * restarting brings it back.
     */
    private boolean verifiedOrRemoved(InstalledPlugin present, StagedBundle staged, byte[] signature,
                                      List<String> problems) {
        String id = present.id();
        try {
            installer.checkSignature(staged, signature);
            return true;
        } catch (PluginException e) {
            String alert = "Plugin " + id + " was removed from the plugins folder at start: Require Plugin Signature "
                    + "is on and its stored bundle did not verify (" + e.getMessage() + ") Upload it again with its "
                    + "signature, or trust its key with 'plugin-console plugin keys add', then restart.";
            alerts.add(alert);
            problems.add(alert);
            LOG.error(alert);
            try {
                locks.withLock(id, () -> {
                    runtime.deactivate(id);
                    try {
                        folders.discard(present.folder());
                    } catch (IOException io) {
                        throw new PluginException(ErrorIds.REMOVE, PluginException.Kind.INTERNAL,
                                io.getMessage(), io.getMessage(), io);
                    }
                    return null;
                });
            } catch (PluginException removal) {
                problems.add("Could not remove " + id + ": " + removal.getMessage());
            }
            return false;
        }
    }

    /** Finishes installs a crash interrupted and clears staged bundles (start of a node). */
    public void recoverFolders() {
        published(() -> {
            folders.recover(this::storedSha);
            stager.clear();
        });
    }

    /** The stored detached signature of a plugin's bundle, or null when there is none. */
    private byte[] readSignature(String id) throws IOException {
        String key = StoreKeys.signature(id);
        if (!store.exists(key)) {
            return null;
        }
        try (InputStream in = store.read(key)) {
            return in.readNBytes(io.pluginconsole.plugins.install.SignatureVerifier.MAX_SIGNATURE_BYTES + 1);
        }
    }

    /** SHA-256 of a plugin's stored bundle, or null when there is none or it cannot be read. */
    private String storedSha(String id) {
        try {
            String key = StoreKeys.bundle(id);
            if (!store.exists(key)) {
                return null;
            }
            try (InputStream in = store.read(key)) {
                return Hashing.sha256(in);
            }
        } catch (FileStoreException | IOException e) {
            LOG.warn("Cannot read the stored bundle of {}: {}", id, e.getMessage());
            return null;
        }
    }

    /** For each installed plugin, the keys of its secret settings (never shown back through the API). */
    public Map<String, java.util.Set<String>> secretSettingKeys() {
        Map<String, java.util.Set<String>> result = new java.util.HashMap<>();
        catalog.current().installed().forEach((id, plugin) -> result.put(id, plugin.manifest().secretSettingKeys()));
        return result;
    }

    /** Whether plugins are on at all ({@code PluginSettings.Enable}). */
    public boolean pluginsEnabled() {
        return config.current().pluginSettings().enable();
    }

    /** Where a running http plugin listens, for the reverse proxy. */
    public java.util.Optional<io.pluginconsole.plugins.runtime.PluginEndpoint> endpoint(String id) {
        return runtime.endpoint(id);
    }

    /** The plugin's last lines on stderr (a few, kept in memory), where a failed start usually says why. */
    public List<String> recentStderr(String id) {
        return runtime.recentStderr(id);
    }

    public boolean isRunning(String id) {
        return runtime.status(id).state() == io.pluginconsole.plugins.runtime.PluginState.RUNNING;
    }

    /**
     * A file of a running plugin's {@code public/} folder, or empty: not running, a folder, or a
     * path that leaves {@code public/} (also through a symbolic link), or a {@code public/} folder
     * that is itself a symbolic link.
     */
    public java.util.Optional<Path> publicFile(String id, String relative) {
        if (!isRunning(id) || relative.isEmpty() || relative.endsWith("/")) {
            return java.util.Optional.empty();
        }
        InstalledPlugin plugin = catalog.current().find(id).filter(PluginInfo::installed).map(PluginInfo::plugin)
                .orElse(null);
        if (plugin == null) {
            return java.util.Optional.empty();
        }
        try {
            // A public/ folder that is a link could expose anything the server can read: not served.
            Path folder = plugin.folder().resolve("public");
            if (Files.isSymbolicLink(folder)) {
                return java.util.Optional.empty();
            }
            Path root = folder.toRealPath();
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(root)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(file);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Folders the server could not create or write at start. Those that block plugins make every
     * install, enable and removal fail with the problem's explanation (disabling still works)
     * until the folder is fixed and the server restarted.
     */
    public void reportStartupProblems(List<StartupProblem> problems) {
        startupProblems = List.copyOf(problems);
    }

    public List<StartupProblem> startupProblems() {
        return startupProblems;
    }

    /** Whether a start-up problem keeps plugins from being installed, enabled or removed. */
    public boolean unavailable() {
        return startupProblems.stream().anyMatch(StartupProblem::blocksPlugins);
    }

    /** Throws the first start-up problem that keeps plugins from being changed, if any. */
    public void requireAvailable() {
        for (StartupProblem problem : startupProblems) {
            if (problem.blocksPlugins()) {
                throw new PluginException(ErrorIds.DISABLED, PluginException.Kind.DISABLED,
                        "Plugins are unavailable. " + problem.fixText() + " Then restart the server.",
                        problem.setting() + " " + problem.folder() + ": " + problem.reason(), null);
            }
        }
    }

    /** Integrity and sync problems the console shows to administrators. */
    public List<String> alerts() {
        return List.copyOf(alerts);
    }

    private InstalledPlugin require(String id) {
        InstalledPlugin plugin = folders.scan().get(id);
        if (plugin == null) {
            throw new PluginException(ErrorIds.NOT_INSTALLED, PluginException.Kind.NOT_FOUND,
                    "Plugin is not installed: " + id + ". Check the id with the plugin list.", "not installed", null);
        }
        return plugin;
    }

    private void setEnabled(String id, boolean value) {
        config.update(tree -> {
            ObjectNode settings = tree.withObjectProperty("PluginSettings");
            ObjectNode states = settings.withObjectProperty("PluginStates");
            states.putObject(id).put("Enable", value);
        });
    }

    private static String normalise(String id) {
        return id == null ? "" : id.toLowerCase(Locale.ROOT);
    }
}
