package io.pluginconsole.app;

import io.pluginconsole.auth.SetupToken;
import io.pluginconsole.config.ClientFolderCheck;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.config.FolderCheck;
import io.pluginconsole.config.ListenAddress;
import io.pluginconsole.config.StartupProblem;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.ProcessRuntime;
import io.pluginconsole.plugins.runtime.RuntimeOptions;
import io.pluginconsole.plugins.runtime.WebappBundles;
import java.time.Duration;
import io.pluginconsole.web.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: plugins kept in line with the file store, accounts, and the HTTP server. */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** Longest wait at stop for a plugin start in progress; an interrupted start ends well within it. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final PluginConsole console;
    private final Accounts accounts;
    private final WebServer web;
    private final ProcessRuntime runtime;
    private final ServerLogFile log;
    private final ClusterMember cluster;
    private final AutoCloseable configWatch;
    private final Thread pluginStarts;
    private final CompletableFuture<Void> synced;

    private ConsoleServer(PluginConsole console, Accounts accounts, WebServer web, ProcessRuntime runtime,
                          ServerLogFile log, ClusterMember cluster, AutoCloseable configWatch, Thread pluginStarts,
                          CompletableFuture<Void> synced) {
        this.pluginStarts = pluginStarts;
        this.synced = synced;
        this.cluster = cluster;
        this.configWatch = configWatch;
        this.runtime = runtime;
        this.log = log;
        this.console = console;
        this.accounts = accounts;
        this.web = web;
    }

    /** Starts with the pre-packaged plugins of the jar, beside the jar and in the working directory. */
    public static ConsoleServer start(ConfigStore config, EnvOverrides env, Path workingDir) {
        return start(config, env, workingDir, Prepackaged.defaultSources(workingDir));
    }

    public static ConsoleServer start(ConfigStore config, EnvOverrides env, Path workingDir,
                                      List<Prepackaged.Source> prepackaged) {
        StartPhases phases = new StartPhases();
        var settings = config.current();
        ClientFolderCheck.check(settings, workingDir,
                config instanceof FileConfigStore file ? file.file().getParent() : null, config.location());
        FolderCheck check = new FolderCheck(config.location(), workingDir);
        List<StartupProblem> problems = new ArrayList<>();
        ServerLogFile log = openLog(settings.logSettings(), workingDir, check, problems);
        try {
            return start(config, env, workingDir, check, problems, log, prepackaged, phases);
        } catch (RuntimeException | Error e) {
            log.close();
            throw e;
        }
    }

    private static ConsoleServer start(ConfigStore config, EnvOverrides env, Path workingDir, FolderCheck check,
                                       List<StartupProblem> problems, ServerLogFile log,
                                       List<Prepackaged.Source> prepackaged, StartPhases phases) {
        var settings = config.current();
        checkPluginFolders(settings, check).forEach(problems::add);
        privateDataFolder(workingDir.resolve(settings.fileSettings().directory()).normalize());
        privateDataFolder(settings.serviceSettings().dataFolder(workingDir));
        problems.forEach(p -> LOG.error(p.fixText()));
        phases.mark("config");
        // The database (H2 or PostgreSQL, then Flyway) opens on its own thread meanwhile.
        CompletableFuture<Accounts> opening = openAccounts(config, workingDir, phases);
        ProcessRuntime runtime;
        PluginConsole console;
        try {
            runtime = new ProcessRuntime(
                    new WebappBundles(workingDir.resolve(settings.pluginSettings().clientDirectory()).toAbsolutePath().normalize()),
                    RuntimeOptions.defaults(Duration.ofSeconds(settings.pluginSettings().pluginStartTimeoutSeconds()),
                                    settings.serviceSettings().siteURL())
                            .withHealthInterval(Duration.ofSeconds(settings.pluginSettings().healthCheckIntervalSeconds()))
                            .withSettings(id -> PluginService.settings(config.current(), id))
                            .withHealthCheckEnabled(() -> config.current().pluginSettings().enableHealthCheck()));
            console = PluginConsole.build(config, workingDir, runtime, BundleLimits.defaults(),
                    InstallSteps.NONE, prepackaged);
            console.plugins().reportStartupProblems(problems);
            phases.mark("file store");
            if (console.plugins().unavailable()) {
                LOG.error("Plugins are unavailable until the folders above are fixed and the server restarted; "
                        + "the console, sign-in and the logs work meanwhile.");
            } else {
                // Interrupted installs finished and staging emptied before anything reads offers; shown
                // as Starting from the first answer; the start-up pass and the starts run in the
                // background once the server listens.
                console.plugins().recoverFolders();
                console.plugins().markStarting();
            }
            phases.mark("plugins");
        } catch (RuntimeException | Error e) {
            closeOnceOpen(opening); // releases the embedded database's file for the next start
            throw e;
        }
        Accounts accounts;
        try {
            accounts = awaitAccounts(opening);
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
        phases.mark("database wait");
        ClusterMember cluster = null;
        if (settings.clusterSettings().enable() && !console.plugins().unavailable()) {
            try {
                cluster = ClusterMember.join(config, console, accounts, workingDir);
            } catch (RuntimeException e) {
                accounts.close();
                runtime.close();
                throw e;
            }
            phases.mark("cluster join");
        }
        SetupToken setupToken = new SetupToken(config.current().serviceSettings().dataFolder(workingDir));
        ListenAddress address = ListenAddress.parse(config.current().serviceSettings().listenAddress());
        WebServer web = new WebServer(console, accounts.auth(), accounts.audit(), setupToken, env, workingDir, log,
                accounts.database()).start(address);
        phases.mark("web server");
        if (!accounts.auth().adminExists()) {
            LOG.warn("No administrator yet. Open http://localhost:{}/setup and enter the setup token {} "
                    + "(also in {}), or run: plugin-console user create --system-admin ...", web.port(),
                    setupToken.ensure(), setupToken.file());
        }
        LOG.info("Plugin Console listening on {}:{}", address.host(), web.port());
        LOG.info(phases.summary());
        if (cluster != null) {
            cluster.serving(nodeAddress(config.current(), address, web.port()));
        }
        // Hand edits of config.json are applied from now on, as a save through the console would be.
        AutoCloseable configWatch = config.followChanges();
        // Plugins unpacked, edited or deleted by hand are listed without a restart.
        AutoCloseable folderWatch = console.plugins().followFolder(Duration.ofSeconds(1));
        AutoCloseable watches = () -> {
            try (folderWatch; configWatch) {
                // closes both
            }
        };
        CompletableFuture<Void> synced = new CompletableFuture<>();
        Thread pluginStarts = startInBackground(console, config.current(), synced);
        return new ConsoleServer(console, accounts, web, runtime, log, cluster, watches, pluginStarts, synced);
    }

    private static CompletableFuture<Accounts> openAccounts(ConfigStore config, Path workingDir, StartPhases phases) {
        CompletableFuture<Accounts> opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            long began = System.nanoTime();
            try {
                opening.complete(Accounts.open(config.current(), workingDir));
                phases.add("database+Flyway", System.nanoTime() - began);
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "database-open");
        thread.setDaemon(true);
        thread.start();
        return opening;
    }

    private static void closeOnceOpen(CompletableFuture<Accounts> opening) {
        try {
            awaitAccounts(opening).close();
        } catch (RuntimeException e) {
            LOG.debug("The database did not open either", e);
        }
    }

    /** The opened accounts; the database's own error as it was thrown. */
    private static Accounts awaitAccounts(CompletableFuture<Accounts> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * After the server listens: the start-up pass (the plugins folder brought in line with the
     * file store, every stored bundle checked), then the plugins that should run are started one
     * after the other, so that no request waits for a bundle or a plugin process; then the
     * reconciler's loop runs every {@code ClusterSettings.ReconcileIntervalSeconds}.
     */
    private static Thread startInBackground(PluginConsole console, Config settings, CompletableFuture<Void> synced) {
        Thread thread = new Thread(() -> {
            try {
                if (!console.plugins().unavailable()) {
                    SyncReport sync = console.plugins().startupPass();
                    LOG.info("Plugins synced from {}: installed {}, removed {}, kept {}", console.store().describe(),
                            sync.installed(), sync.removed(), sync.kept());
                }
            } catch (RuntimeException e) {
                LOG.error("The start-up sync of the plugins failed; the reconciler's next pass retries: {}",
                        e.toString(), e);
            } finally {
                synced.complete(null);
            }
            if (console.plugins().unavailable() || Thread.currentThread().isInterrupted()) {
                return;
            }
            console.plugins().startPlugins();
            if (!Thread.currentThread().isInterrupted()) {
                console.plugins().reconciler().startLoop(
                        Duration.ofSeconds(settings.clusterSettings().reconcileIntervalSeconds()), false);
            }
        }, "plugin-start");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits until the start-up pass has brought the plugins folder in line with the file store
     * (the server answers before that; the listing shows the folder as it is meanwhile).
     */
    public void awaitPluginsSynced(Duration within) {
        try {
            synced.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The start-up sync of the plugins did not finish within " + within, e);
        }
    }

    /**
     * The file store folder holds the bundles, the node's data folder its staging and upload
     * folders, setup token and (by default) database: both readable by the server's user only.
     */
    private static void privateDataFolder(Path data) {
        if (!Files.isDirectory(data)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot make the data folder {} private (0700): {}", data, e.getMessage());
        }
    }

    /** How other nodes and administrators reach this node: the site URL, else host:port. */
    private static String nodeAddress(Config settings, ListenAddress address, int port) {
        String site = settings.serviceSettings().siteURL();
        if (site != null && !site.isBlank()) {
            return site;
        }
        String host = address.host() == null || address.host().isBlank() ? hostName() : address.host();
        return host + ":" + port;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** The log file, when LogSettings.EnableFile is on and its folder can be written. */
    private static ServerLogFile openLog(Config.LogSettings settings, Path workingDir, FolderCheck check,
                                         List<StartupProblem> problems) {
        if (!settings.enableFile()) {
            return ServerLogFile.off(settings, workingDir);
        }
        ServerLogFile.createFolder(settings, workingDir);
        Optional<StartupProblem> problem = check.check("log folder", ServerLogFile.folder(settings, workingDir),
                "LogSettings.FileLocation", false);
        if (problem.isPresent()) {
            problems.add(problem.get());
            return ServerLogFile.off(settings, workingDir);
        }
        return ServerLogFile.start(settings, workingDir);
    }

    /**
     * The plugins, client, file-store and node data folders. A data folder that cannot be written
     * stops the start when the embedded database lives there, since nobody could sign in.
     */
    private static List<StartupProblem> checkPluginFolders(Config settings, FolderCheck check) {
        List<StartupProblem> problems = new ArrayList<>();
        check.check("plugins folder", Path.of(settings.pluginSettings().directory()), "PluginSettings.Directory", true)
                .ifPresent(problems::add);
        check.check("client folder", Path.of(settings.pluginSettings().clientDirectory()),
                "PluginSettings.ClientDirectory", true).ifPresent(problems::add);
        if (!settings.fileSettings().driverName().equals("amazons3")) {
            Path data = Path.of(settings.fileSettings().directory());
            check.check("file store folder", data.resolve("plugins"), "FileSettings.Directory", true)
                    .ifPresent(problems::add);
        }
        Optional<StartupProblem> own = check.check("data folder", Path.of(settings.serviceSettings().dataDirectory()),
                "ServiceSettings.DataDirectory", true);
        if (own.isPresent() && !settings.sqlSettings().driverName().equals("postgres")) {
            throw new ConfigException(own.get().fixText()
                    + " The embedded database is kept in that folder, so the server cannot start without it.");
        }
        own.ifPresent(problems::add);
        return problems;
    }

    public int port() {
        return web.port();
    }

    public PluginConsole console() {
        return console;
    }

    public ProcessRuntime runtime() {
        return runtime;
    }

    public Accounts accounts() {
        return accounts;
    }

    public ServerLogFile log() {
        return log;
    }

    /** This node's view of the cluster, when ClusterSettings.Enable is on. */
    public Optional<io.pluginconsole.plugins.cluster.ClusterView> cluster() {
        return console.plugins().cluster();
    }

    /** Waits for the background starts to end, so that no plugin process starts after the runtime stopped. */
    private void awaitPluginStarts() {
        try {
            pluginStarts.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pluginStarts.isAlive()) {
            LOG.warn("Plugin starts did not end within {} s of the stop; stopping the plugins anyway",
                    STOP_WAIT.toSeconds());
        }
    }

    @Override
    public void close() {
        // A plugin still waiting for its handshake is stopped rather than waited for.
        pluginStarts.interrupt();
        try {
            configWatch.close();
        } catch (Exception e) {
            LOG.warn("Stopping the configuration watch failed", e);
        }
        if (cluster != null) {
            cluster.close();
        }
        web.stop();
        console.fetcher().close();
        awaitPluginStarts();
        console.plugins().reconciler().close();
        runtime.close();
        console.folders().awaitDiscards();
        accounts.close();
        log.close();
    }
}
