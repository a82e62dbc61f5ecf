package io.pluginconsole.app;

import io.pluginconsole.auth.SetupToken;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.ListenAddress;
import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.ProcessRuntime;
import io.pluginconsole.plugins.runtime.RuntimeOptions;
import io.pluginconsole.plugins.runtime.WebappBundles;
import java.time.Duration;
import io.pluginconsole.web.WebServer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: plugins synced from the file store, accounts, and the HTTP server. */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final PluginConsole console;
    private final Accounts accounts;
    private final WebServer web;
    private final ProcessRuntime runtime;

    private ConsoleServer(PluginConsole console, Accounts accounts, WebServer web, ProcessRuntime runtime) {
        this.runtime = runtime;
        this.console = console;
        this.accounts = accounts;
        this.web = web;
    }

    public static ConsoleServer start(ConfigStore config, EnvOverrides env, Path workingDir) {
        var settings = config.current();
        ProcessRuntime runtime = new ProcessRuntime(
                new WebappBundles(workingDir.resolve(settings.pluginSettings().clientDirectory()).toAbsolutePath().normalize()),
                RuntimeOptions.defaults(Duration.ofSeconds(settings.pluginSettings().pluginStartTimeoutSeconds()),
                                settings.serviceSettings().siteURL())
                        .withHealthInterval(Duration.ofSeconds(settings.pluginSettings().healthCheckIntervalSeconds()))
                        .withSettings(id -> PluginService.settings(config.current(), id))
                        .withHealthCheckEnabled(() -> config.current().pluginSettings().enableHealthCheck()));
        PluginConsole console = PluginConsole.build(config, workingDir, runtime, BundleLimits.defaults(),
                InstallSteps.NONE);
        SyncReport sync = console.plugins().syncFromFileStore();
        LOG.info("Plugins synced from {}: installed {}, removed {}, kept {}", console.store().describe(),
                sync.installed(), sync.removed(), sync.kept());
        sync.problems().forEach(LOG::warn);
        console.plugins().activateEnabled();
        Accounts accounts = Accounts.open(config.current(), workingDir);
        SetupToken setupToken = new SetupToken(workingDir.resolve(config.current().fileSettings().directory())
                .normalize());
        ListenAddress address = ListenAddress.parse(config.current().serviceSettings().listenAddress());
        WebServer web = new WebServer(console, accounts.auth(), accounts.audit(), setupToken, env, workingDir)
                .start(address);
        if (!accounts.auth().adminExists()) {
            LOG.warn("No administrator yet. Open http://localhost:{}/setup and enter the setup token {} "
                    + "(also in {}), or run: plugin-console user create --system-admin ...", web.port(),
                    setupToken.ensure(), setupToken.file());
        }
        LOG.info("Plugin Console listening on {}:{}", address.host(), web.port());
        return new ConsoleServer(console, accounts, web, runtime);
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

    @Override
    public void close() {
        web.stop();
        runtime.close();
        console.folders().awaitDiscards();
        accounts.close();
    }
}
