package io.pluginconsole.cli;

import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares; relative settings resolve against the working folder. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/config.json",
            description = "Configuration file (created with defaults if missing). Default: ${DEFAULT-VALUE}")
    Path file;

    ConfigStore open() {
        return new FileConfigStore(file, EnvOverrides.fromSystem());
    }

    Path workingDir() {
        return Path.of("").toAbsolutePath();
    }
}
