package io.pluginconsole.cli;

import io.pluginconsole.app.ConsoleServer;
import io.pluginconsole.app.WarmUpRun;
import io.pluginconsole.config.EnvOverrides;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code server}: syncs plugins from the file store, then serves the console and the API until stopped. */
@Command(name = "server", description = "Start the server (the default command).", mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    /** The build's run that records the class-data archive (see README, Quick start). */
    @Option(names = "--warm-up-and-exit", hidden = true,
            description = "Start, request the ping and the first pages from this server, then stop.")
    boolean warmUpAndExit;

    @Override
    public Integer call() throws InterruptedException {
        ConsoleServer server = ConsoleServer.start(config.open(), EnvOverrides.fromSystem(), config.workingDir());
        if (warmUpAndExit) {
            try (server) {
                WarmUpRun.exercise(server);
            }
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
