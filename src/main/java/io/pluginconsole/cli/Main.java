package io.pluginconsole.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jar: {@code plugin-console [server|plugin ...]}; no arguments starts the server. */
@Command(name = "plugin-console",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Hosts plugins and manages them from a browser console, a REST API and this CLI.",
        subcommands = {ServerCommand.class, PluginCommand.class, UserCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"server"} : args;
        if (!effective[0].equals("server")) {
            // Commands print one line per item; only warnings belong beside them.
            System.setProperty("pluginconsole.log.level", "WARN");
        }
        System.exit(run(effective));
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // Errors are for people: one line, no stack trace.
            line.getErr().println("Error: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
