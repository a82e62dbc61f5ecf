package io.pluginconsole.cli;

import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.config.ListenAddress;
import io.pluginconsole.plugins.SyncReport;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.web.WebServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code server}: syncs plugins from the file store, then serves HTTP until stopped. */
@Command(name = "server", description = "Start the server (the default command).", mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        PluginConsole console = PluginConsole.build(config.open(), config.workingDir(), new OfflineRuntime(),
                BundleLimits.defaults(), InstallSteps.NONE);
        SyncReport sync = console.plugins().syncFromFileStore();
        LOG.info("Plugins synced from {}: installed {}, removed {}, kept {}", console.store().describe(),
                sync.installed(), sync.removed(), sync.kept());
        sync.problems().forEach(LOG::warn);
        ListenAddress address = ListenAddress.parse(console.config().current().serviceSettings().listenAddress());
        WebServer server = new WebServer(console).start(address);
        LOG.info("Plugin Console listening on {}:{}", address.host(), server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
