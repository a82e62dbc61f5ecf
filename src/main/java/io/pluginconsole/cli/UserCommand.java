package io.pluginconsole.cli;

import io.pluginconsole.app.Accounts;
import io.pluginconsole.auth.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code user create}: makes an account directly in the configured database. The embedded
 * database can be opened by one process at a time, so with it the server must be stopped;
 * with PostgreSQL it works while servers run.
 */
@Command(name = "user", description = "Manage accounts.", mixinStandardHelpOptions = true,
        subcommands = UserCommand.Create.class)
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", description = "Create an account (use --system-admin for the first administrator).",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--username", required = true)
        String username;

        @Option(names = "--password-file", required = true, paramLabel = "FILE",
                description = "File whose first line is the password (keeps it out of the shell history).")
        Path passwordFile;

        @Option(names = "--system-admin", description = "Give the account the system_admin role.")
        boolean systemAdmin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            var store = config.open();
            try (Accounts accounts = Accounts.open(store.current(), config.workingDir())) {
                User user = accounts.auth().createUser(email, username, password, systemAdmin);
                spec.commandLine().getOut().println("Created user " + user.username()
                        + (user.isSystemAdmin() ? " (system admin)" : ""));
                return 0;
            }
        }
    }
}
