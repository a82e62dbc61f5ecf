package io.pluginconsole.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the jar: {@code plugin-console [server|plugin|auth|user ...]}; no arguments starts the server. */
@Command(name = "plugin-console",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Hosts plugins and manages them from a browser console, a REST API and this CLI.",
        subcommands = {ServerCommand.class, PluginCommand.class, AuthCommand.class, UserCommand.class})
public final class Main implements Runnable {
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    private Main(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"server"} : args;
        if (!effective[0].equals("server")) {
            // Commands print one line per item; only warnings belong beside them.
            System.setProperty("pluginconsole.log.level", "WARN");
        }
        System.exit(run(effective));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return execute(new CommandLine(new Main(System.getenv())), args);
    }

    /** Runs a command line with the given environment and output streams (tests run the CLI in-process this way). */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main(Map.copyOf(environment)));
        cli.setOut(out);
        cli.setErr(err);
        try {
            return execute(cli, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(CommandLine cli, String... args) {
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // Errors are for people: one line, no stack trace.
            line.getErr().println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    /** The environment of the command line a subcommand belongs to (XDG_CONFIG_HOME and friends). */
    static Map<String, String> environment(CommandSpec spec) {
        return ((Main) spec.root().userObject()).environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
