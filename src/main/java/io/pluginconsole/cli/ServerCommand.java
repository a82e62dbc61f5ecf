package io.pluginconsole.cli;

import io.pluginconsole.app.ConsoleServer;
import io.pluginconsole.config.EnvOverrides;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code server}: syncs plugins from the file store, then serves the console and the API until stopped. */
@Command(name = "server", description = "Start the server (the default command).", mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() throws InterruptedException {
        ConsoleServer server = ConsoleServer.start(config.open(), EnvOverrides.fromSystem(), config.workingDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
