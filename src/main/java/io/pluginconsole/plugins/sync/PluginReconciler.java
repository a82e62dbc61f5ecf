package io.pluginconsole.plugins.sync;

import io.pluginconsole.config.Config;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.PluginIds;
import io.pluginconsole.plugins.cluster.ExpectedBundle;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallSource;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.install.SignatureVerifier;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings this node's plugins in line with what is wanted, level-triggered, for a single node and
 * for a cluster alike (a single node is a cluster of one without a shared ledger).
 *
 * <p>Desired: the bundles in the file store, each checked against the SHA-256 it should have (the
 * cluster's ledger, or on a single node the install record it was installed with), the pre-packaged
 * offers, and {@code PluginStates}. Actual: the plugins folder and the runtime. A pass installs
 * what is stored and missing, upgrades what the ledger says changed, removes managed plugins whose
 * bundle is gone, refuses a stored bundle whose SHA-256 is not the expected one (an integrity
 * alert), then starts and stops plugins by {@link RunRule}. A plugin that failed to start is tried
 * again with {@link StartBackoff}. Passes run at start, on a timer, on cluster events and on request,
 * one at a time; a failure on one plugin is reported for it and never stops the pass for others.
 * Enable, disable and configuration changes call {@link #converge} for the plugin at once, so the
 * request that made the change sees its outcome.
 */
public final class PluginReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginReconciler.class);

    /** How thoroughly a pass compares the file store with the plugins folder. */
    public enum Depth {
        /**
         * At start: every stored bundle is read and hashed, and its signature checked again when
         * signatures are required. Plugins are not started (that happens after the server listens).
         */
        VERIFY_ALL,
        /** Routine: bundles are read only where the folder and the expectation differ; plugins are started and stopped. */
        CHANGES
    }

    /** A plugin's problem from the last pass that looked at it, with the version it concerns. */
    public record Problem(String message, String version) {
    }

    private final Supplier<Config> config;
    private final FileStore store;
    private final PluginFolders folders;
    private final Installer installer;
    private final BundleStager stager;
    private final PluginRuntime runtime;
    private final PluginLocks locks;
    private final Supplier<Map<String, Prepackaged.Bundle>> offers;
    private final BooleanSupplier available;
    private final StartBackoff backoff;
    private final Object passing = new Object();
    private final List<Runnable> beforePass = new CopyOnWriteArrayList<>();
    private final List<Consumer<SyncReport>> afterPass = new CopyOnWriteArrayList<>();
    private volatile Supplier<SyncReport> offersStep = () -> new SyncReport(List.of(), List.of(), List.of(), List.of());
    private final ScheduledExecutorService loop;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Supplier<Map<String, ExpectedBundle>> ledger;
    private volatile Map<String, Problem> problems = Map.of();
    private volatile List<String> lastGeneral = List.of();
    private volatile Runnable changed = () -> { };

    public PluginReconciler(Supplier<Config> config, FileStore store, PluginFolders folders, Installer installer,
                            BundleStager stager, PluginRuntime runtime, PluginLocks locks,
                            Supplier<Map<String, Prepackaged.Bundle>> offers, BooleanSupplier available,
                            StartBackoff backoff) {
        this.config = config;
        this.store = store;
        this.folders = folders;
        this.installer = installer;
        this.stager = stager;
        this.runtime = runtime;
        this.locks = locks;
        this.offers = offers;
        this.available = available;
        this.backoff = backoff;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plugin-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the expected SHA-256 of each stored bundle from {@code expected} (a cluster's shared
     * ledger) instead of this node's install records. It may throw when the ledger cannot be read;
     * the pass then installs, upgrades and removes nothing.
     */
    public void useLedger(Supplier<Map<String, ExpectedBundle>> expected) {
        this.ledger = expected;
    }

    /** Runs before every pass (in the loop or not): e.g. the latest shared configuration, the pre-packaged offers. */
    public void beforePass(Runnable step) {
        beforePass.add(step);
    }

    /**
     * Installs or upgrades this node's pre-packaged offers; run by every pass after the file store
     * step (so a newer stored bundle is installed first and an older offer then leaves it alone).
     */
    public void offersStep(Supplier<SyncReport> step) {
        this.offersStep = step;
    }

    /** Runs after every pass, with what it did. */
    public void afterPass(Consumer<SyncReport> step) {
        afterPass.add(step);
    }

    /** Runs when a plugin's count of failed starts changed (outside a pass, whose end is {@link #afterPass}). */
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    /** Problems by plugin id, as the last pass that looked at each plugin left them. */
    public Map<String, Problem> problems() {
        return problems;
    }

    /** How many starts of the plugin failed in a row (0 after a start that worked). */
    public int failedStarts(String id) {
        return backoff.failures(id);
    }

    // ---------------------------------------------------------------- the loop

    /** Runs a pass every {@code interval}; {@code firstNow} runs the first at once. */
    public void startLoop(Duration interval, boolean firstNow) {
        long millis = interval.toMillis();
        loop.scheduleWithFixedDelay(() -> safePass(Depth.CHANGES), firstNow ? 0 : millis, millis,
                TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon (a cluster event); requests that arrive while one waits are merged. */
    public void requestPass() {
        if (pending.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    pending.set(false);
                    safePass(Depth.CHANGES);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing
            }
        }
    }

    /** Runs a pass on the loop's thread now and waits for it; returns its problems. */
    public List<String> passNow() {
        try {
            return loop.submit(() -> pass(Depth.CHANGES).problems()).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The reconcile pass failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The reconcile pass is still running; look at the statuses later.", e);
        }
    }

    private void safePass(Depth depth) {
        try {
            pass(depth);
        } catch (RuntimeException | Error e) {
            LOG.error("Reconcile pass failed; the next one retries: {}", e.toString(), e);
        }
    }

    // ---------------------------------------------------------------- one pass

    /** One pass; passes never overlap. */
    public SyncReport pass(Depth depth) {
        synchronized (passing) {
            return passAlone(depth);
        }
    }

    private SyncReport passAlone(Depth depth) {
        Outcome out = new Outcome(problems);
        for (Runnable step : beforePass) {
            try {
                step.run();
            } catch (RuntimeException e) {
                out.general("Before the pass: " + e.getMessage());
            }
        }
        if (!available.getAsBoolean()) {
            return out.finish(this);
        }
        Map<String, ExpectedBundle> expected = Map.of();
        boolean haveExpected = true;
        Supplier<Map<String, ExpectedBundle>> shared = ledger;
        if (shared != null) {
            try {
                expected = shared.get();
            } catch (RuntimeException e) {
                haveExpected = false;
                out.general("The cluster database could not be read, so no plugin is installed, upgraded or removed "
                        + "this pass: " + e.getMessage());
            }
        }
        List<String> keys = null;
        try {
            keys = store.list("plugins/");
        } catch (RuntimeException e) {
            out.general("The file store could not be read, so nothing was synced this pass (no plugin installed, upgraded or removed): "
                    + e.getMessage());
        }
        if (keys != null && haveExpected) {
            Map<String, Prepackaged.Bundle> offered = offers.get();
            Set<String> stored = storedIds(keys, out);
            Map<String, InstalledPlugin> local = folders.scan();
            for (String id : stored) {
                if (Thread.currentThread().isInterrupted()) {
                    break; // the server is stopping
                }
                try {
                    converge(id, local.get(id), shared == null ? null : expected.get(id), shared != null, offered,
                            depth, out);
                } catch (RuntimeException e) {
                    ExpectedBundle seen = expected.get(id);
                    out.problem(id, "Could not install " + id + " from the file store: " + e.getMessage(),
                            seen == null ? "" : seen.version());
                }
            }
            for (InstalledPlugin plugin : local.values()) {
                if (plugin.managed() && !stored.contains(plugin.id()) && !Prepackaged.isOfferedCopy(plugin, offered)) {
                    try {
                        if (removeLocally(plugin.id())) {
                            out.removed(plugin.id());
                        }
                    } catch (RuntimeException e) {
                        out.problem(plugin.id(), "Could not remove " + plugin.id() + ": " + e.getMessage(),
                                plugin.manifest().version());
                    }
                } else if (!stored.contains(plugin.id())) {
                    out.clear(plugin.id()); // by hand or pre-packaged: nothing to compare with
                }
            }
            out.keepOnly(id -> stored.contains(id) || local.containsKey(id));
        }
        try {
            SyncReport offered = offersStep.get();
            offered.installed().forEach(out::installed);
            offered.problems().forEach(out::general);
        } catch (RuntimeException e) {
            out.general("The pre-packaged plugins could not be installed: " + e.getMessage());
        }
        if (depth == Depth.CHANGES) {
            convergeAll();
        }
        return out.finish(this);
    }

    /** Installs, upgrades or keeps one stored plugin. */
    private void converge(String id, InstalledPlugin present, ExpectedBundle expected, boolean clustered,
                          Map<String, Prepackaged.Bundle> offered, Depth depth, Outcome out) {
        if (present != null && (!present.managed() || Prepackaged.isOfferedCopy(present, offered))) {
            out.kept(id); // by hand, or a pre-packaged copy that overrides the stored bundle
            out.clear(id);
            return;
        }
        if (present != null && expected != null && present.record().sha256().equals(expected.sha256())
                && depth == Depth.CHANGES) {
            out.kept(id);
            out.clear(id);
            return; // the common case, decided without reading the bundle
        }
        if (present != null && expected == null && depth == Depth.CHANGES) {
            out.kept(id); // checked at start; a single node's bundles change only through this node
            return;
        }
        // Under the plugin's lock an install on this node is either finished (bundle and record
        // stored) or not begun, so the decision below never undoes it.
        locks.withLock(id, () -> {
            InstalledPlugin now = folders.scan().get(id);
            ExpectedBundle latest = clustered ? ledger.get().get(id) : null;
            convergeLocked(id, now, latest, clustered, offered, depth, out);
            return null;
        });
    }

    private void convergeLocked(String id, InstalledPlugin present, ExpectedBundle expected, boolean clustered,
                                Map<String, Prepackaged.Bundle> offered, Depth depth, Outcome out) {
        if (present != null && (!present.managed() || Prepackaged.isOfferedCopy(present, offered))) {
            out.kept(id);
            out.clear(id);
            return;
        }
        String key = StoreKeys.bundle(id);
        try (InputStream in = store.read(key); StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
            String wanted = expected != null ? expected.sha256()
                    : present != null && !present.source().is(InstallSource.Kind.PREPACKAGED) ? present.record().sha256()
                    : null;
            if (wanted != null && !wanted.equals(staged.sha256())) {
                String message = "Plugin " + id + " failed its integrity check: the stored bundle " + key
                        + " has SHA-256 " + staged.sha256() + " but " + wanted + " was "
                        + (expected != null ? "recorded when it was installed. " : "installed. ")
                        + (present == null ? "It was not installed on this node." : "The installed version was kept.")
                        + " Re-install the plugin to replace it.";
                out.problem(id, message, expected != null ? expected.version()
                        : present.manifest().version());
                return;
            }
            byte[] signature = readSignature(id);
            if (present != null && present.record().sha256().equals(staged.sha256())) {
                if (depth == Depth.VERIFY_ALL && installer.signaturesRequired()) {
                    verifyOrRemove(present, staged, signature, out);
                    return;
                }
                out.kept(id);
                out.clear(id);
                return;
            }
            installer.installStaged(staged, signature, InstallMode.ALWAYS, InstallSource.FILESTORE, false);
            out.installed(id);
            out.clear(id);
            LOG.info("Reconcile: {} plugin {} from the file store (sha256 {})",
                    present == null ? "installed" : "upgraded", id, staged.sha256());
        } catch (IOException e) {
            throw new PluginException(ErrorIds.INSTALL, PluginException.Kind.INTERNAL, e.getMessage(), e.getMessage(),
                    e);
        }
    }

    /**
     * With RequirePluginSignature on, an installed plugin is kept at start only if its stored
     * bundle's signature still verifies (Mattermost re-installs, and so re-verifies, every plugin
     * at start). Otherwise its folder is removed; the bundle stays in the file store, so turning
     * the requirement off (or trusting the key) brings it back.
     */
    private void verifyOrRemove(InstalledPlugin present, StagedBundle staged, byte[] signature, Outcome out) {
        String id = present.id();
        try {
            installer.checkSignature(staged, signature);
            out.kept(id);
            out.clear(id);
        } catch (PluginException e) {
            out.problem(id, "Plugin " + id + " was removed from the plugins folder at start: Require Plugin Signature "
                    + "is on and its stored bundle did not verify (" + e.getMessage() + ") Upload it again with its "
                    + "signature, or trust its key with 'plugin-console plugin keys add', then restart.",
                    present.manifest().version());
            runtime.deactivate(id);
            try {
                folders.discard(present.folder());
            } catch (IOException io) {
                out.problem(id, "Could not remove " + id + ": " + io.getMessage(), present.manifest().version());
            }
        }
    }

    private boolean removeLocally(String id) {
        return locks.withLock(id, () -> {
            InstalledPlugin now = folders.scan().get(id);
            if (now == null || !now.managed() || store.exists(StoreKeys.bundle(id))) {
                return false; // gone already, or installed (and stored) since the listing
            }
            runtime.deactivate(id);
            try {
                PluginFolders.deleteTree(now.folder());
            } catch (IOException e) {
                throw new PluginException(ErrorIds.REMOVE, PluginException.Kind.INTERNAL, e.getMessage(),
                        e.getMessage(), e);
            }
            backoff.forget(id);
            LOG.info("Reconcile: removed plugin {} (its bundle is gone from the file store)", id);
            return true;
        });
    }

    // ---------------------------------------------------------------- running or not

    /** Starts or stops every installed plugin as {@link RunRule} says; failures show in the statuses. */
    public void convergeAll() {
        for (InstalledPlugin plugin : folders.scan().values()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                converge(plugin.id(), plugin.folder(), false);
            } catch (PluginException e) {
                LOG.warn("Plugin {} could not be started or stopped: {}", plugin.id(), e.getMessage());
            }
        }
    }

    /**
     * Starts the plugin when it should run and does not (a plugin that failed is tried again when
     * its back-off allows, or at once with {@code retryNow}), stops it when it should not run.
     */
    public void converge(String id, boolean retryNow) {
        converge(id, null, retryNow);
    }

    /** As above; {@code folder}, when known, is read again instead of scanning every plugin folder. */
    private void converge(String id, java.nio.file.Path folder, boolean retryNow) {
        if (retryNow) {
            backoff.forget(id);
        }
        locks.withLock(id, () -> {
            InstalledPlugin plugin = current(id, folder);
            boolean wanted = plugin != null && available.getAsBoolean() && RunRule.shouldRun(config.get(), id);
            PluginState state = runtime.status(id).state();
            if (!wanted) {
                if (state != PluginState.NOT_RUNNING) {
                    runtime.deactivate(id);
                }
                backoff.forget(id);
                return null;
            }
            if (!shouldStart(id, state, retryNow, plugin)) {
                if (state == PluginState.RUNNING) {
                    backoff.forget(id);
                }
                return null;
            }
            int before = backoff.failures(id);
            try {
                runtime.activate(id, plugin.folder(), plugin.manifest());
                backoff.forget(id);
            } catch (PluginException e) {
                // As in Mattermost, the change that asked for it succeeds; the status says why.
                Duration wait = backoff.failed(id);
                LOG.warn("Plugin {} failed to start ({}); trying again in {} s", id, e.getMessage(), wait.toSeconds());
            }
            if (backoff.failures(id) != before) {
                changed.run();
            }
            return null;
        });
    }

    /**
     * Not running (or marked Starting): start. Failed to start or stopped after crashing: at once
     * when asked ({@code retryNow}), otherwise when the back-off allows (never for a plugin with
     * neither a server nor a webapp part, which cannot start until its manifest changes); a failure
     * first seen by a pass (the runtime gave up on its own) starts the back-off rather than a restart.
     */
    private boolean shouldStart(String id, PluginState state, boolean retryNow, InstalledPlugin plugin) {
        switch (state) {
            case NOT_RUNNING, STARTING:
                return true;
            case FAILED_TO_START, CRASHING:
                if (retryNow) {
                    return true;
                }
                if (!plugin.manifest().hasServer() && !plugin.manifest().hasWebapp()) {
                    return false; // nothing to start until its manifest changes: no retries
                }
                if (backoff.failures(id) == 0) {
                    backoff.failed(id);
                    return false;
                }
                return backoff.due(id);
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The plugin as it is now (under its lock): its known folder read again, else a scan. */
    private InstalledPlugin current(String id, java.nio.file.Path folder) {
        if (folder != null) {
            InstalledPlugin read = java.nio.file.Files.isDirectory(folder) ? PluginFolders.read(folder) : null;
            if (read != null && read.id().equals(id)) {
                return read;
            }
        }
        return folders.scan().get(id);
    }

    private static Set<String> storedIds(List<String> keys, Outcome out) {
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
                out.general("Ignored " + key + ": not a valid plugin id.");
            }
        }
        return ids;
    }

    private byte[] readSignature(String id) throws IOException {
        String key = StoreKeys.signature(id);
        if (!store.exists(key)) {
            return null;
        }
        try (InputStream in = store.read(key)) {
            return in.readNBytes(SignatureVerifier.MAX_SIGNATURE_BYTES + 1);
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one pass did; problems of plugins it did not look at are carried over. */
    private static final class Outcome {
        private final List<String> installed = new ArrayList<>();
        private final List<String> removed = new ArrayList<>();
        private final List<String> kept = new ArrayList<>();
        private final List<String> general = new ArrayList<>();
        private final Map<String, Problem> byPlugin;
        private final Map<String, Problem> before;

        Outcome(Map<String, Problem> before) {
            this.before = before;
            this.byPlugin = new LinkedHashMap<>(before);
        }

        void installed(String id) {
            installed.add(id);
        }

        void removed(String id) {
            removed.add(id);
            byPlugin.remove(id);
        }

        void kept(String id) {
            kept.add(id);
        }

        void general(String message) {
            general.add(message);
        }

        void problem(String id, String message, String version) {
            byPlugin.put(id, new Problem(message, version == null ? "" : version));
        }

        void clear(String id) {
            byPlugin.remove(id);
        }

        void keepOnly(java.util.function.Predicate<String> known) {
            byPlugin.keySet().removeIf(id -> !known.test(id));
        }

        SyncReport finish(PluginReconciler owner) {
            owner.problems = Map.copyOf(byPlugin);
            List<String> all = new ArrayList<>(general);
            byPlugin.values().forEach(p -> all.add(p.message()));
            // Logged when new, so a problem that lasts is not repeated every pass.
            general.stream().filter(p -> !owner.lastGeneral.contains(p)).forEach(p -> LOG.warn("Reconcile: {}", p));
            owner.lastGeneral = List.copyOf(general);
            byPlugin.forEach((id, p) -> {
                if (!p.equals(before.get(id))) {
                    LOG.error("Reconcile: {}", p.message());
                }
            });
            SyncReport report = new SyncReport(installed, removed, kept, all);
            for (Consumer<SyncReport> step : owner.afterPass) {
                try {
                    step.accept(report);
                } catch (RuntimeException e) {
                    LOG.warn("After the reconcile pass: {}", e.getMessage());
                }
            }
            return report;
        }
    }
}
