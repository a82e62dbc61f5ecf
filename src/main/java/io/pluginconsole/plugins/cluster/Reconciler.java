package io.pluginconsole.plugins.cluster;

import io.pluginconsole.plugins.install.InstallSource;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.PluginIds;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.plugins.runtime.PluginStatus;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node in line with the cluster's desired state, level-triggered: whatever was missed
 * (events, a restart, a database outage) is healed by the next pass. Desired = the bundles in the
 * file store, each checked against the SHA-256 recorded in {@link ClusterState}, plus
 * {@code PluginStates} of the shared configuration; actual = this node's plugins folder and
 * runtime. A pass runs at start, on every cluster event, on a timer and on request; passes never
 * overlap. A failure on one plugin is reported for it and never stops the pass for the others.
 */
public final class Reconciler implements ClusterView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ConfigStore config;
    private final BooleanSupplier refreshConfig;
    private final FileStore store;
    private final PluginFolders folders;
    private final Installer installer;
    private final BundleStager stager;
    private final PluginRuntime runtime;
    private final PluginLocks locks;
    private final ClusterState state;
    private volatile ClusterNode self;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Problems of the last pass by plugin id (integrity mismatch, failed install), shown as the node's error. */
    private volatile Map<String, Problem> problems = Map.of();
    private volatile List<String> lastProblems = List.of();
    private volatile Runnable afterPass = () -> { };

    private record Problem(String message, String version) {
    }

    public Reconciler(ConfigStore config, BooleanSupplier refreshConfig, FileStore store, PluginFolders folders,
                      Installer installer, BundleStager stager, PluginRuntime runtime, PluginLocks locks,
                      ClusterState state, ClusterNode self, Duration interval) {
        this.config = config;
        this.refreshConfig = refreshConfig;
        this.store = store;
        this.folders = folders;
        this.installer = installer;
        this.stager = stager;
        this.runtime = runtime;
        this.locks = locks;
        this.state = state;
        this.self = self;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code listener} after each pass has changed the plugins folder and processes. */
    public void afterPass(Runnable listener) {
        this.afterPass = listener;
    }

    /** Starts the timer; {@code firstNow} runs the first pass at once rather than after one interval. */
    public void start(boolean firstNow) {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::safePass, firstNow ? 0 : millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The address this node serves on, once known; registered at once. */
    public void serving(String address) {
        self = new ClusterNode(self.id(), address, self.version(), self.startedAt(), self.lastSeen());
        try {
            state.heartbeat(self);
        } catch (RuntimeException e) {
            LOG.warn("Could not register this node yet: {}", e.getMessage());
        }
    }

    /** Asks for a pass soon (cluster event); requests that arrive while one waits are merged. */
    public void requestPass() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    pending.set(false);
                    safePass();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing
            }
        }
    }

    @Override
    public List<String> reconcileNow() {
        try {
            return executor.submit(this::pass).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The reconcile pass failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The reconcile pass is still running; look at the statuses later.", e);
        }
    }

    private void safePass() {
        try {
            pass();
        } catch (RuntimeException | Error e) {
            LOG.error("Reconcile pass failed; the next one retries: {}", e.toString(), e);
        }
    }

    /** One pass; returns the problems found (also published as this node's errors). */
    public List<String> pass() {
        List<String> found = new ArrayList<>();
        Map<String, Problem> byPlugin = new LinkedHashMap<>();
        try {
            refreshConfig.getAsBoolean();
        } catch (RuntimeException e) {
            found.add("The shared configuration could not be read; the last one known is used: " + e.getMessage());
        }
        Config current = config.current();
        Map<String, ExpectedBundle> expected = null;
        try {
            expected = state.expectedBundles();
        } catch (RuntimeException e) {
            found.add("The cluster database could not be read, so no plugin is installed or upgraded this pass: "
                    + e.getMessage());
        }
        List<String> keys = null;
        try {
            keys = store.list("plugins/");
        } catch (RuntimeException e) {
            found.add("The file store could not be read, so no plugin is installed, upgraded or removed this pass: "
                    + e.getMessage());
        }
        if (keys != null && expected != null) {
            Set<String> stored = storedIds(keys, found);
            for (String id : stored) {
                try {
                    converge(id, expected.get(id), byPlugin);
                } catch (RuntimeException e) {
                    String message = "Could not install " + id + " from the file store: " + e.getMessage();
                    byPlugin.put(id, new Problem(message, version(expected.get(id))));
                }
            }
            for (InstalledPlugin plugin : folders.scan().values()) {
                if (plugin.managed() && !stored.contains(plugin.id()) && !isPrepackagedCopy(plugin)) {
                    try {
                        removeLocally(plugin);
                    } catch (RuntimeException e) {
                        byPlugin.put(plugin.id(), new Problem("Could not remove " + plugin.id() + ": "
                                + e.getMessage(), plugin.manifest().version()));
                    }
                }
            }
        } else if (keys == null && expected != null) {
            // keep what is installed; report the problems found above
        }
        for (InstalledPlugin plugin : folders.scan().values()) {
            try {
                activation(current, plugin);
            } catch (RuntimeException e) {
                LOG.warn("Plugin {} could not be started or stopped: {}", plugin.id(), e.getMessage());
            }
        }
        afterPass.run(); // the plugins folder as this pass left it is what the node serves next
        byPlugin.values().forEach(p -> found.add(p.message()));
        problems = Map.copyOf(byPlugin);
        lastProblems = List.copyOf(found);
        found.forEach(p -> LOG.warn("Reconcile: {}", p));
        try {
            state.publish(self, localStatuses());
        } catch (RuntimeException e) {
            found.add("The statuses could not be published: " + e.getMessage());
            LOG.warn("Reconcile: the statuses could not be published: {}", e.getMessage());
        }
        return found;
    }

    private static Set<String> storedIds(List<String> keys, List<String> found) {
        Set<String> ids = new HashSet<>();
        for (String key : keys) {
            String name = key.substring("plugins/".length());
            if (!name.endsWith(".tar.gz") || name.contains("/")) {
                continue;
            }
            String id = name.substring(0, name.length() - ".tar.gz".length());
            if (PluginIds.isValid(id)) {
                ids.add(id);
            } else {
                found.add("Ignored " + key + ": not a valid plugin id.");
            }
        }
        return ids;
    }

    /** Installs or upgrades one stored plugin when this node's copy is not the expected bundle. */
    private void converge(String id, ExpectedBundle seen, Map<String, Problem> byPlugin) throws PluginException {
        InstalledPlugin before = folders.scan().get(id);
        if (before != null && (!before.managed() || seen == null || before.record().sha256().equals(seen.sha256()))) {
            return; // the common case, decided without taking the lock
        }
        // Under the plugin's lock, an install on this node is either finished (bundle and record
        // stored) or not begun, so the decision below never undoes it.
        locks.withLock(id, () -> {
            convergeLocked(id, state.expectedBundles().get(id), byPlugin);
            return null;
        });
    }

    private void convergeLocked(String id, ExpectedBundle expected, Map<String, Problem> byPlugin) {
        InstalledPlugin present = folders.scan().get(id);
        if (present != null && !present.managed()) {
            return; // unpacked by hand on this node: left alone
        }
        if (present != null && (expected == null || present.record().sha256().equals(expected.sha256()))) {
            return; // already the expected bundle (or no record to compare with: kept, as a single node does)
        }
        try (InputStream in = store.read(StoreKeys.bundle(id)); StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
            if (expected != null && !expected.sha256().equals(staged.sha256())) {
                String message = "Plugin " + id + " failed its integrity check: the stored bundle has SHA-256 "
                        + staged.sha256() + " but " + expected.sha256() + " was recorded when it was installed. "
                        + (present == null ? "It was not installed on this node." : "The installed version was kept.")
                        + " Re-install the plugin to replace it.";
                byPlugin.put(id, new Problem(message, expected.version()));
                return;
            }
            byte[] signature = readSignature(id);
            installer.installStaged(staged, signature, InstallMode.ALWAYS, InstallSource.FILESTORE, false);
            LOG.info("Reconcile: {} plugin {} from the file store (sha256 {})",
                    present == null ? "installed" : "upgraded", id, staged.sha256());
        } catch (IOException e) {
            throw new PluginException(io.pluginconsole.plugins.ErrorIds.INSTALL, PluginException.Kind.INTERNAL,
                    e.getMessage(), e.getMessage(), e);
        }
    }

    private byte[] readSignature(String id) throws IOException {
        String key = StoreKeys.signature(id);
        if (!store.exists(key)) {
            return null;
        }
        try (InputStream in = store.read(key)) {
            return in.readNBytes(64 * 1024);
        }
    }

    /** Pre-packaged plugins come from this node's own folder, never from the file store. */
    private static boolean isPrepackagedCopy(InstalledPlugin plugin) {
        return plugin.record() != null
                && plugin.record().source().is(io.pluginconsole.plugins.install.InstallSource.Kind.PREPACKAGED);
    }

    private void removeLocally(InstalledPlugin plugin) {
        locks.withLock(plugin.id(), () -> {
            InstalledPlugin now = folders.scan().get(plugin.id());
            if (now == null || !now.managed() || store.exists(StoreKeys.bundle(plugin.id()))) {
                return null; // gone already, or installed (and stored) since the listing
            }
            runtime.deactivate(plugin.id());
            try {
                PluginFolders.deleteTree(now.folder());
            } catch (IOException e) {
                throw new PluginException(io.pluginconsole.plugins.ErrorIds.REMOVE, PluginException.Kind.INTERNAL,
                        e.getMessage(), e.getMessage(), e);
            }
            LOG.info("Reconcile: removed plugin {} (its bundle is gone from the file store)", plugin.id());
            return null;
        });
    }

    /** Starts a wanted plugin that is not running and stops an unwanted one. Failed ones wait for a change. */
    private void activation(Config current, InstalledPlugin plugin) {
        String id = plugin.id();
        boolean wanted = current.pluginSettings().enable() && current.pluginSettings().isEnabled(id);
        PluginState now = runtime.status(id).state();
        if (wanted && now == PluginState.NOT_RUNNING) {
            locks.withLock(id, () -> {
                InstalledPlugin latest = folders.scan().get(id);
                if (latest != null && runtime.status(id).state() == PluginState.NOT_RUNNING) {
                    try {
                        runtime.activate(id, latest.folder(), latest.manifest());
                    } catch (PluginException e) {
                        // shown in the statuses
                    }
                }
                return null;
            });
        } else if (!wanted && now != PluginState.NOT_RUNNING) {
            locks.withLock(id, () -> {
                runtime.deactivate(id);
                return null;
            });
        }
    }

    /** This node's statuses: every local plugin, plus stored plugins that failed to install here. */
    private List<NodePluginStatus> localStatuses() {
        long now = System.currentTimeMillis();
        Map<String, Problem> known = problems;
        List<NodePluginStatus> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InstalledPlugin plugin : folders.scan().values()) {
            PluginStatus status = runtime.status(plugin.id());
            Manifest m = plugin.manifest();
            Problem problem = known.get(plugin.id());
            String error = problem != null ? problem.message() : status.error() == null ? "" : status.error();
            result.add(new NodePluginStatus(self.id(), plugin.id(), status.state().code(), nz(m.version()),
                    plugin.managed() ? plugin.record().sha256() : null, error, now, plugin.managed(), nz(m.name()),
                    nz(m.description()), plugin.folder().toString()));
            seen.add(plugin.id());
        }
        known.forEach((id, problem) -> {
            if (!seen.contains(id)) {
                result.add(new NodePluginStatus(self.id(), id, PluginState.FAILED_TO_START.code(),
                        nz(problem.version()), null, problem.message(), now, true, id, "", ""));
            }
        });
        return result;
    }

    private static String version(ExpectedBundle expected) {
        return expected == null ? "" : expected.version();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Problems of the last pass. */
    public List<String> lastProblems() {
        return lastProblems;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public String nodeId() {
        return self.id();
    }

    @Override
    public List<ClusterNode> nodes() {
        return state.nodes();
    }

    @Override
    public List<NodePluginStatus> statuses() {
        return state.statuses();
    }

    @Override
    public boolean online(ClusterNode node) {
        return System.currentTimeMillis() - node.lastSeen() <= 3 * interval.toMillis();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
