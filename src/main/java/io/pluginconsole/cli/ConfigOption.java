package io.pluginconsole.cli;

import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.db.DatabaseConfigStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares; relative settings resolve against the working folder. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE-OR-DSN",
            description = "Configuration file (created with defaults if missing), or a PostgreSQL address "
                    + "(postgres://user:password@host:5432/db) to keep it in the database, as Mattermost allows. "
                    + "Default: $MM_CONFIG, else config/config.json")
    String location;

    ConfigStore open() {
        String chosen = location != null ? location : System.getenv("MM_CONFIG");
        if (DatabaseConfigStore.isDatabase(chosen)) {
            return new DatabaseConfigStore(chosen, EnvOverrides.fromSystem());
        }
        return new FileConfigStore(Path.of(chosen == null || chosen.isBlank() ? "config/config.json" : chosen),
                EnvOverrides.fromSystem());
    }

    Path workingDir() {
        return Path.of("").toAbsolutePath();
    }
}
