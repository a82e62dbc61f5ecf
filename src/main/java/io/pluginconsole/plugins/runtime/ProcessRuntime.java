package io.pluginconsole.plugins.runtime;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.bundle.Platform;
import io.pluginconsole.plugins.bundle.ServerVersion;
import io.pluginconsole.plugins.settings.SettingsForm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs plugins as Mattermost activates them: the webapp bundle is published, then the server
 * executable for this host is started in the plugin folder with the go-plugin handshake
 * environment and must print its handshake line within the start timeout. A plugin whose
 * handshake names the protocol {@code http} gets its settings at start and on every change, and
 * its health is an HTTP ping; any other protocol is supervised as a process (alive = healthy).
 * Processes are started from one long-lived thread under {@code setpriv --pdeathsig KILL} (where
 * available), so they die with the server even when it is killed; disable and shutdown stop them
 * gracefully first.
 *
 * <p>Each line a plugin writes goes to the log (stdout at INFO, stderr at WARN), cut at
 * {@value #MAX_OUTPUT_LINE} bytes with a note saying how much was dropped; the last
 * {@value RecentLines#LINES} stderr lines are kept for {@link #recentStderr}.
 */
public final class ProcessRuntime implements PluginRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final Pattern HANDSHAKE = Pattern.compile("^1\\|1\\|(tcp|unix)\\|[^|]+\\|[^|]+(\\|.*)?$");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** The java executable running the server, for plugins written in Java (env PLUGIN_CONSOLE_JAVA). */
    private static final String JAVA = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    /** Mattermost pings up to three times before it counts one health-check failure. */
    private static final int PING_ATTEMPTS = 3;
    /** Longest line of plugin output logged, in bytes; the rest of a longer line is read and dropped. */
    static final int MAX_OUTPUT_LINE = 64 * 1024;

    /** A running plugin: its process (null for webapp-only plugins), its endpoint (http only), its bundle. */
    record Running(Process process, PluginEndpoint endpoint, String bundleFile, Path folder, Manifest manifest) {
    }

    private final WebappBundles webapps;
    private final RuntimeOptions options;
    private final PluginCalls calls = new PluginCalls();
    private final Map<String, PluginStatus> statuses = new ConcurrentHashMap<>();
    private final List<Runnable> statusListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, RecentLines> stderrTails = new ConcurrentHashMap<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "plugin-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    // pdeathsig fires when the thread that started the child ends, so one thread starts them all.
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "plugin-launcher");
        thread.setDaemon(true);
        return thread;
    });

    /** Set once the server stops: a start still queued then starts nothing. */
    private volatile boolean closed;

    public ProcessRuntime(WebappBundles webapps, RuntimeOptions options) {
        this.webapps = webapps;
        this.options = options;
        long interval = options.healthInterval().toMillis();
        supervisor.scheduleWithFixedDelay(this::checkHealth, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void activate(String id, Path folder, Manifest manifest) {
        if (running.containsKey(id)) {
            return;
        }
        if (closed) {
            setStatus(id, PluginStatus.NOT_RUNNING);
            return;
        }
        options.crashes().reset(id);
        stderrTails.put(id, new RecentLines());
        start(id, folder, manifest);
    }

    /** Shows a plugin that is about to be started (queued at server start) as Starting. */
    @Override
    public void starting(String id) {
        if (!running.containsKey(id)) {
            setStatus(id, new PluginStatus(PluginState.STARTING, ""));
        }
    }

    private void start(String id, Path folder, Manifest manifest) {
        setStatus(id, new PluginStatus(PluginState.STARTING, ""));
        try {
            checkServerVersion(manifest);
            if (!manifest.hasServer() && !manifest.hasWebapp()) {
                throw new IOException("unable to start plugin: must at least have a web app or server component");
            }
            String bundleFile = manifest.hasWebapp() ? publishWebapp(id, folder, manifest) : null;
            Running started = manifest.hasServer() ? startProcess(id, folder, manifest, bundleFile)
                    : new Running(null, null, bundleFile, folder, manifest);
            running.put(id, started);
            if (started.process() != null) {
                // An exit nobody asked for is a failure: handle it at once rather than at the next check.
                started.process().onExit().thenRun(() -> supervisor.execute(() -> onFailure(id, started,
                        exitReason(started.process()))));
            }
            setStatus(id, new PluginStatus(PluginState.RUNNING, ""));
            log(id, () -> LOG.info("Plugin {} is running", id));
        } catch (IOException e) {
            setStatus(id, new PluginStatus(PluginState.FAILED_TO_START, e.getMessage()));
            log(id, () -> LOG.warn("Plugin {} failed to start: {}", id, e.getMessage()));
            throw new PluginException(ErrorIds.RESTART, PluginException.Kind.INTERNAL,
                    "Plugin " + id + " failed to start: " + e.getMessage(), e.getMessage(), e);
        }
    }

    private static void checkServerVersion(Manifest manifest) throws IOException {
        String required = manifest.minServerVersion();
        if (required == null || required.isEmpty()) {
            return;
        }
        var parsed = ServerVersion.parse(required);
        if (parsed.isEmpty()) {
            throw new IOException("failed to parse MinServerVersion: " + manifest.id());
        }
        if (parsed.get().isHigherThan(ServerVersion.parse(ServerVersion.COMPATIBLE).orElseThrow())) {
            throw new IOException("plugin requires Mattermost " + required + ": " + manifest.id());
        }
    }

    private String publishWebapp(String id, Path folder, Manifest manifest) throws IOException {
        try {
            return webapps.publish(id, folder, manifest);
        } catch (IOException e) {
            throw new IOException("unable to generate webapp bundle: " + e.getMessage(), e);
        }
    }

    private Running startProcess(String id, Path folder, Manifest manifest, String bundleFile) throws IOException {
        String platform = Platform.current();
        String relative = manifest.executableFor(platform);
        Path executable = relative == null ? null : ManifestValidator.resolve(folder, relative);
        if (executable == null || !Files.isRegularFile(executable)) {
            throw new IOException("backend executable not found for environment: " + platform);
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.add(executable.toString());
        String secret = PluginCalls.newSecret();
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        Map<String, String> env = builder.environment();
        env.put("MATTERMOST_PLUGIN", "Securely message teams, anywhere.");
        env.put("PLUGIN_MIN_PORT", "10000");
        env.put("PLUGIN_MAX_PORT", "25000");
        env.put("PLUGIN_PROTOCOL_VERSIONS", "1");
        env.put("PLUGIN_ID", id);
        env.put("PLUGIN_CONSOLE_SECRET", secret);
        env.put("PLUGIN_CONSOLE_JAVA", JAVA);
        env.put("MM_SERVICESETTINGS_SITEURL", options.siteUrl() == null ? "" : options.siteUrl());
        Process process = launch(builder);
        CompletableFuture<String> handshake = new CompletableFuture<>();
        relay(id, "stdout", process.getInputStream(), handshake, null);
        relay(id, "stderr", process.getErrorStream(), null, stderrTails.computeIfAbsent(id, k -> new RecentLines()));
        process.onExit().thenRun(() -> handshake.completeExceptionally(
                new IOException("the plugin process exited with code " + process.exitValue()
                        + " before its handshake")));
        try {
            String[] parts = handshake.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS).split("\\|");
            PluginEndpoint endpoint = null;
            if (parts[4].equals("http")) {
                endpoint = new PluginEndpoint(id, PluginCalls.loopback(parts[3]), secret);
                calls.configure(endpoint, SettingsForm.effective(manifest, options.settings().apply(id)),
                        options.startTimeout());
            }
            return new Running(process, endpoint, bundleFile, folder, manifest);
        } catch (TimeoutException e) {
            stop(process);
            throw new IOException("the plugin did not print its handshake line within "
                    + options.startTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            stop(process);
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            stop(process);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IOException("interrupted while starting");
        }
    }

    /**
     * Waits for the launch even when interrupted (the server stopping): a process started meanwhile
     * would otherwise run with nobody holding it; the interrupt then ends the handshake wait,
     * which stops the process.
     */
    private Process launch(ProcessBuilder builder) throws IOException {
        Future<Process> launched = launcher.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return launched.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IOException("cannot start the plugin executable: " + e.getCause().getMessage(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Copies a stream of the plugin to the log, a capped line at a time; the first handshake line
     * on stdout completes the start. stderr lines are logged at WARN and remembered in {@code tail}.
     */
    private static void relay(String id, String source, InputStream stream, CompletableFuture<String> handshake,
                              RecentLines tail) {
        Thread thread = new Thread(() -> {
            // The Logs page filters on these keys.
            MDC.put("plugin_id", id);
            MDC.put("source", "plugin_" + source);
            try (InputStream in = stream) {
                CappedLineReader reader = new CappedLineReader(in, MAX_OUTPUT_LINE);
                CappedLineReader.Line line;
                while ((line = reader.next()) != null) {
                    if (line.dropped() == 0 && handshake != null && !handshake.isDone()
                            && HANDSHAKE.matcher(line.text().strip()).matches()) {
                        handshake.complete(line.text().strip());
                        continue;
                    }
                    String text = line.dropped() == 0 ? line.text()
                            : line.text() + " [line truncated: " + line.dropped() + " bytes dropped]";
                    if (tail != null) {
                        tail.add(text);
                        LOG.warn("plugin_id={} source=plugin_{} {}", id, source, text);
                    } else {
                        LOG.info("plugin_id={} source=plugin_{} {}", id, source, text);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "plugin-" + id + "-" + source);
        thread.setDaemon(true);
        thread.start();
    }

    /** Every interval: a process that is gone, or an http plugin that does not answer, counts as a failure. */
    private void checkHealth() {
        if (!options.healthCheckEnabled().getAsBoolean()) {
            return;
        }
        for (Map.Entry<String, Running> entry : running.entrySet()) {
            Running plugin = entry.getValue();
            if (plugin.process() == null) {
                continue;
            }
            if (!plugin.process().isAlive()) {
                onFailure(entry.getKey(), plugin, exitReason(plugin.process()));
            } else if (plugin.endpoint() != null) {
                ping(plugin).ifPresent(reason -> onFailure(entry.getKey(), plugin,
                        exitedMeanwhile(plugin.process()).orElse(reason)));
            }
        }
    }

    /**
     * A process on its way out closes its port first: when it ends within a moment of a failed
     * ping, its exit code is the better reason.
     */
    private static Optional<String> exitedMeanwhile(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Optional.of(exitReason(process)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String exitReason(Process process) {
        return "the plugin process exited with code " + process.exitValue();
    }

    /** Up to three pings; the reason of the last failure when all three fail. */
    private Optional<String> ping(Running plugin) {
        Duration timeout = options.healthInterval().compareTo(Duration.ofSeconds(5)) < 0
                ? options.healthInterval() : Duration.ofSeconds(5);
        String reason = null;
        for (int attempt = 0; attempt < PING_ATTEMPTS; attempt++) {
            try {
                calls.ping(plugin.endpoint(), timeout);
                return Optional.empty();
            } catch (IOException e) {
                reason = e.getMessage();
            }
        }
        return Optional.of("plugin RPC connection is not responding (" + reason + ")");
    }

    /** Restarts a failed plugin, or gives up (Crashing) at the third failure within the window. */
    private synchronized void onFailure(String id, Running failed, String reason) {
        if (running.get(id) != failed) {
            return; // stopped on purpose, or already handled
        }
        running.remove(id);
        stop(failed.process());
        log(id, () -> LOG.warn("Plugin {} failed: {}", id, reason));
        if (options.crashes().failed(id, System.currentTimeMillis())) {
            setStatus(id, new PluginStatus(PluginState.CRASHING,
                    "This plugin crashed multiple times and is no longer running. Last failure: " + reason + "."));
            log(id, () -> LOG.error("Plugin {} failed 3 times within 60 minutes and was stopped", id));
            return;
        }
        try {
            start(id, failed.folder(), failed.manifest());
        } catch (PluginException e) {
            log(id, () -> LOG.warn("Plugin {} could not be restarted: {}", id, e.getMessage()));
        }
    }

    /**
     * Sends a running http plugin its changed settings (Mattermost's OnConfigurationChange). A
     * refusal is logged: the settings are saved either way, as in Mattermost.
     */
    @Override
    public void configure(String id, Map<String, Object> settings) {
        Running plugin = running.get(id);
        if (plugin == null || plugin.endpoint() == null) {
            return;
        }
        try {
            calls.configure(plugin.endpoint(), SettingsForm.effective(plugin.manifest(), settings),
                    Duration.ofSeconds(10));
            log(id, () -> LOG.info("Sent the changed settings to plugin {}", id));
        } catch (IOException e) {
            log(id, () -> LOG.warn("Plugin {} did not accept its changed settings: {}", id, e.getMessage()));
        }
    }

    @Override
    public synchronized void deactivate(String id) {
        Running plugin = running.remove(id);
        if (plugin != null && plugin.process() != null) {
            setStatus(id, new PluginStatus(PluginState.STOPPING, ""));
            stop(plugin.process());
        }
        if (plugin != null) {
            try {
                webapps.remove(id);
            } catch (IOException e) {
                log(id, () -> LOG.warn("Could not remove the webapp bundle of {}: {}", id, e.getMessage()));
            }
        }
        setStatus(id, PluginStatus.NOT_RUNNING);
    }

    /** Asks the process to stop (SIGTERM), and kills it after the grace period. */
    private void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void log(String id, Runnable statement) {
        try (var ignored = MDC.putCloseable("plugin_id", id)) {
            statement.run();
        }
    }

    @Override
    public PluginStatus status(String id) {
        return statuses.getOrDefault(id, PluginStatus.NOT_RUNNING);
    }

    @Override
    public void onStatusChange(Runnable listener) {
        statusListeners.add(listener);
    }

    /** Records a plugin's new state, then tells the listeners (they read it back with {@link #status}). */
    private void setStatus(String id, PluginStatus status) {
        statuses.put(id, status);
        for (Runnable listener : statusListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A plugin status listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public String webappBundle(String id) {
        Running plugin = running.get(id);
        return plugin == null ? null : plugin.bundleFile();
    }

    @Override
    public Optional<PluginEndpoint> endpoint(String id) {
        Running plugin = running.get(id);
        return plugin == null ? Optional.empty() : Optional.ofNullable(plugin.endpoint());
    }

    /** The last stderr lines of the plugin's process (the current one or the last that ran), oldest first. */
    @Override
    public List<String> recentStderr(String id) {
        RecentLines tail = stderrTails.get(id);
        return tail == null ? List.of() : tail.list();
    }

    /** The process of a running plugin (for tests and diagnostics), or null. */
    public ProcessHandle process(String id) {
        Running plugin = running.get(id);
        return plugin == null || plugin.process() == null ? null : plugin.process().toHandle();
    }

    /** Stops every plugin (server shutdown). */
    @Override
    public synchronized void close() {
        closed = true;
        supervisor.shutdownNow();
        for (String id : List.copyOf(running.keySet())) {
            deactivate(id);
        }
        launcher.shutdownNow();
    }
}
