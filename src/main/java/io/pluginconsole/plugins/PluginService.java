package io.pluginconsole.plugins;

import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.StartupProblem;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.cluster.ClusterState;
import io.pluginconsole.plugins.cluster.ClusterView;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.Hashing;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.InstallSource;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.install.UrlFetcher;
import io.pluginconsole.plugins.runtime.PluginEndpoint;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.plugins.state.PluginCatalog;
import io.pluginconsole.plugins.state.PluginFolderWatch;
import io.pluginconsole.plugins.state.PluginSnapshot;
import io.pluginconsole.plugins.sync.PluginReconciler;
import io.pluginconsole.plugins.sync.StartBackoff;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.FileStoreException;
import io.pluginconsole.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one facade the web pages, the REST API and the CLI call for plugins. Reads come from the
 * published {@link PluginSnapshot} and never touch the disk; every change goes through one of the
 * parts below and then publishes the next snapshot, so the request after a change sees it:
 * <ul>
 *   <li>{@link PluginInstalls}: uploads, URLs, staged bundles;</li>
 *   <li>{@link PluginLifecycle}: enable, disable, remove, configuration changes;</li>
 *   <li>{@link PrepackagedOffers}: the plugins that ship with the server;</li>
 *   <li>{@link PluginReconciler}: the file store, the plugins folder and what runs, in line;</li>
 *   <li>{@link PluginAvailability}: folders that keep plugins from being changed.</li>
 * </ul>
 */
public final class PluginService {
    private static final Logger LOG = LoggerFactory.getLogger(PluginService.class);

    /** Why a pre-packaged plugin cannot be removed (the page's note and the API's error). */
    public static final String PREPACKAGED_REMOVE_NOTE = PluginLifecycle.PREPACKAGED_REMOVE_NOTE;

    private final ConfigStore config;
    private final PluginFolders folders;
    private final Installer installer;
    private final BundleStager stager;
    private final FileStore store;
    private final PluginRuntime runtime;
    private final PluginAvailability availability = new PluginAvailability();
    private final PrepackagedOffers offers;
    private final PluginInstalls installs;
    private final PluginReconciler reconciler;
    private final PluginLifecycle lifecycle;
    private final PluginCatalog catalog;
    private volatile ClusterView cluster;

    public PluginService(ConfigStore config, PluginFolders folders, Installer installer, BundleStager stager,
                         FileStore store, PluginRuntime runtime, PluginLocks locks, UrlFetcher fetcher,
                         Prepackaged prepackaged) {
        this.config = config;
        this.folders = folders;
        this.installer = installer;
        this.stager = stager;
        this.store = store;
        this.runtime = runtime;
        this.offers = new PrepackagedOffers(prepackaged, stager, installer, folders, config::current, availability);
        this.installs = new PluginInstalls(installer, stager, fetcher, config::current, availability);
        this.reconciler = new PluginReconciler(config::current, store, folders, installer, stager, runtime, locks,
                offers::offered, () -> !availability.unavailable(), new StartBackoff());
        this.lifecycle = new PluginLifecycle(config, folders, store, runtime, locks, reconciler, offers, availability);
        this.catalog = new PluginCatalog(folders, offers::offered, config::current, runtime);
        catalog.reconcilerState(id -> {
            PluginReconciler.Problem problem = reconciler.problems().get(id);
            return problem == null ? null : problem.message();
        }, reconciler::failedStarts);
        reconciler.onChange(catalog::restate);
        runtime.onStatusChange(catalog::restate);
        reconciler.offersStep(offers::installEnabled);
        reconciler.afterPass(report -> catalog.refresh());
    }

    // ---------------------------------------------------------------- reads (the snapshot)

    /** The plugins as last published: what pages, API and listings show, without touching the disk. */
    public PluginSnapshot snapshot() {
        return catalog.current();
    }

    /**
     * Installed plugins and the pre-packaged plugins on offer that are not installed yet, sorted by
     * name, then id (the console's order).
     */
    public List<PluginInfo> list() {
        return catalog.current().plugins();
    }

    /** One known plugin, if any. */
    public Optional<PluginInfo> find(String rawId) {
        return catalog.current().find(normalise(rawId));
    }

    /** Whether a plugin comes with the server: on offer, and not installed or installed from the offer. */
    public boolean isPrepackaged(String rawId) {
        return find(rawId).map(PluginInfo::prepackaged).orElse(false);
    }

    /** For each installed plugin, the keys of its secret settings (never shown back through the API). */
    public Map<String, Set<String>> secretSettingKeys() {
        Map<String, Set<String>> result = new HashMap<>();
        catalog.current().installed().forEach((id, plugin) -> result.put(id, plugin.manifest().secretSettingKeys()));
        return result;
    }

    /** Whether plugins are on at all ({@code PluginSettings.Enable}). */
    public boolean pluginsEnabled() {
        return config.current().pluginSettings().enable();
    }

    /** Integrity and sync problems the console shows to administrators, as the last passes left them. */
    public List<String> alerts() {
        return reconciler.problems().values().stream().map(PluginReconciler.Problem::message).toList();
    }

    /** Rescans the plugins folder and publishes what changed (after changes made around this service). */
    public void refresh() {
        catalog.refresh();
    }

    /**
     * Follows hand changes of the plugins folder (a watch, and a rescan every {@code period});
     * closing it stops following.
     */
    public AutoCloseable followFolder(Duration period) {
        return PluginFolderWatch.start(folders.root(), catalog, period);
    }

    // ---------------------------------------------------------------- installs

    public long maxBundleBytes() {
        return installs.maxBundleBytes();
    }

    /** Refuses (507) an upload that would leave less than the free-space reserve, before its body is read. */
    public void requireRoomForUpload(long declaredBytes) {
        installs.requireRoomForUpload(declaredBytes);
    }

    public InstallResult install(InputStream bundle, InstallMode mode, InstallSource source) {
        return install(bundle, null, mode, source);
    }

    /** Installs a bundle with its detached signature, which is checked before anything is unpacked. */
    public InstallResult install(InputStream bundle, byte[] signature, InstallMode mode, InstallSource source) {
        return published(() -> installs.install(bundle, signature, mode, source));
    }

    /** Downloads a bundle through the fenced fetch and installs it. */
    public InstallResult installFromUrl(String url, InstallMode mode, InstallSource source) {
        try (StagedBundle staged = installs.fetch(url)) {
            return installStaged(staged, null, mode, source);
        }
    }

    /** Downloads a bundle without installing it; the caller owns (and closes) it. */
    public StagedBundle stageFromUrl(String url) {
        return installs.fetch(url);
    }

    /** Receives a bundle without installing it, so a console can ask before overwriting. */
    public StagedBundle stage(InputStream bundle) {
        return installs.stage(bundle);
    }

    /** The manifest of a staged bundle, read under the install limits without installing it. */
    public Manifest inspect(StagedBundle staged) {
        return installs.inspect(staged);
    }

    public InstallResult installStaged(StagedBundle staged, InstallMode mode, InstallSource source) {
        return installStaged(staged, null, mode, source);
    }

    /** Installs a staged bundle with its detached signature (null: unsigned); the caller still owns it. */
    public InstallResult installStaged(StagedBundle staged, byte[] signature, InstallMode mode, InstallSource source) {
        return published(() -> installs.installStaged(staged, signature, mode, source));
    }

    public boolean signaturesRequired() {
        return installs.signaturesRequired();
    }

    // ---------------------------------------------------------------- lifecycle

    public void enable(String rawId) {
        String id = normalise(rawId);
        published(() -> lifecycle.enable(id));
    }

    public void disable(String rawId) {
        String id = normalise(rawId);
        published(() -> lifecycle.disable(id));
    }

    /** Removes a plugin (pre-packaged ones are refused: they come back from their bundle at every start). */
    public void remove(String rawId) {
        String id = normalise(rawId);
        published(() -> lifecycle.remove(id, isPrepackaged(id)));
    }

    /** Follows configuration changes from anywhere (see {@link PluginLifecycle#configurationChanged}). */
    public void onConfigurationChanged(Config before, Config after) {
        catalog.restate(); // enabled flags as saved, before any plugin starts or stops
        lifecycle.configurationChanged(before, after);
    }

    /** A plugin's settings ({@code PluginSettings.Plugins[id]}), empty when it has none. */
    public static Map<String, Object> settings(Config config, String id) {
        return PluginLifecycle.settings(config, id);
    }

    // ---------------------------------------------------------------- start and reconcile

    /** Finishes installs a crash interrupted and clears staged bundles (start of a node). */
    public void recoverFolders() {
        published(() -> {
            folders.recover(this::storedSha);
            stager.clear();
        });
    }

    /**
     * The start-up pass: finishes interrupted installs, then brings the plugins folder in line
     * with the file store, reading and checking every stored bundle (plugins are started later,
     * in the background). Hand-unpacked plugins are never touched; a stored bundle whose SHA-256
     * is not the one installed is not unpacked, and an alert is raised.
     */
    public SyncReport syncFromFileStore() {
        recoverFolders();
        return startupPass();
    }

    /**
     * The start-up pass alone, for a server that ran {@link #recoverFolders} before it began to
     * answer (staged offers must not be cleared while requests read them).
     */
    public SyncReport startupPass() {
        return reconciler.pass(PluginReconciler.Depth.VERIFY_ALL);
    }

    /** The pre-packaged plugins on offer, by id. */
    public Map<String, Prepackaged.Bundle> prepackaged() {
        return offers.offered();
    }

    /** Marks the plugins that should run as Starting, until {@link #startPlugins()} has started them. */
    public List<String> markStarting() {
        return lifecycle.markStarting();
    }

    /** Starts (and stops) every installed plugin as the run rule says; run in the background after start. */
    public void startPlugins() {
        reconciler.convergeAll();
    }

    /** The one reconciler of this node (its loop, its passes, its problems). */
    public PluginReconciler reconciler() {
        return reconciler;
    }

    /**
     * Joins a cluster: installs and removals record their bundle's SHA-256 in the shared state,
     * passes compare the stored bundles with it, and the statuses and "reconcile now" come from
     * {@code view}.
     */
    public void joinCluster(ClusterState state, ClusterView view) {
        installer.useLedger(state);
        lifecycle.useLedger(state);
        reconciler.useLedger(state::expectedBundles);
        this.cluster = view;
    }

    /** The cluster this node belongs to, when ClusterSettings.Enable is on. */
    public Optional<ClusterView> cluster() {
        return Optional.ofNullable(cluster);
    }

    // ---------------------------------------------------------------- running plugins

    /** Where a running http plugin listens, for the reverse proxy. */
    public Optional<PluginEndpoint> endpoint(String id) {
        return runtime.endpoint(id);
    }

    /** The plugin's last lines on stderr (a few, kept in memory), where a failed start usually says why. */
    public List<String> recentStderr(String id) {
        return runtime.recentStderr(id);
    }

    public boolean isRunning(String id) {
        return runtime.status(id).state() == PluginState.RUNNING;
    }

    /** The webapp bundle URL a running plugin's client manifest points at, Mattermost-style, or null. */
    public String webappBundleUrl(String id) {
        String file = runtime.webappBundle(id);
        return file == null ? null : "/static/" + id + "/" + file;
    }

    /**
     * A file of a running plugin's {@code public/} folder, or empty: not running, a folder, or a
     * path that leaves {@code public/} (also through a symbolic link), or a {@code public/} folder
     * that is itself a symbolic link.
     */
    public Optional<Path> publicFile(String id, String relative) {
        if (!isRunning(id) || relative.isEmpty() || relative.endsWith("/")) {
            return Optional.empty();
        }
        InstalledPlugin plugin = catalog.current().find(id).filter(PluginInfo::installed).map(PluginInfo::plugin)
                .orElse(null);
        if (plugin == null) {
            return Optional.empty();
        }
        try {
            // A public/ folder that is a link could expose anything the server can read: not served.
            Path folder = plugin.folder().resolve("public");
            if (Files.isSymbolicLink(folder)) {
                return Optional.empty();
            }
            Path root = folder.toRealPath();
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(root)) {
                return Optional.empty();
            }
            return Optional.of(file);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- availability

    /** Folders the server could not create or write at start (see {@link PluginAvailability}). */
    public void reportStartupProblems(List<StartupProblem> problems) {
        availability.report(problems);
    }

    public List<StartupProblem> startupProblems() {
        return availability.problems();
    }

    public boolean unavailable() {
        return availability.unavailable();
    }

    public void requireAvailable() {
        availability.require();
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a change, then publishes the next snapshot, so the next read sees it whatever the outcome. */
    private <T> T published(Supplier<T> change) {
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

    private static String normalise(String id) {
        return id == null ? "" : id.toLowerCase(Locale.ROOT);
    }
}
