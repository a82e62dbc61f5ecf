package io.pluginconsole.cli;

import io.pluginconsole.plugins.install.TrustedKey;
import io.pluginconsole.plugins.install.TrustedKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plugin keys add|list|delete}: the public keys plugin signatures are checked against.
 * They change only here, on the server's host, in the configuration file and its folder (the
 * API cannot change them). A running server notices the change to its configuration and uses it.
 */
@Command(name = "keys", aliases = "key", mixinStandardHelpOptions = true,
        description = "Manage the public keys plugin signatures are checked against (on the server's host).",
        subcommands = {PluginKeysCommand.Add.class, PluginKeysCommand.ListKeys.class, PluginKeysCommand.Delete.class})
final class PluginKeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--local", hidden = true,
                description = "Accepted for symmetry with the other plugin commands; keys are always local.")
        boolean local;

        @Spec
        CommandSpec spec;

        TrustedKeys keys() {
            return TrustedKeys.of(config.open());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /**
         * Runs {@code action} on each item, printing its line on success or "Unable to ... Error:"
         * on failure, as mmctl does; returns how many failed.
         */
        <T> int each(List<T> items, String unable, java.util.function.Function<T, String> action) {
            int failed = 0;
            for (T item : items) {
                try {
                    out().println(action.apply(item));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    failed++;
                    err().println(unable + item + ". Error: " + e.getMessage());
                }
            }
            return failed;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Trust public key files (armored or binary): each is copied next to the configuration "
                    + "file and named in PluginSettings.SignaturePublicKeyFiles.")
    static final class Add extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Public key files.")
        List<Path> files;

        @Override
        public Integer call() {
            TrustedKeys keys = keys();
            int failed = each(files, "Unable to add public key: ", file -> {
                TrustedKey key = keys.add(file);
                return "Added public key: " + file + " as " + key.name() + " (" + key.spacedFingerprint()
                        + (key.uid().isEmpty() ? "" : ", " + key.uid()) + ")";
            });
            if (failed < files.size()) {
                out().println("A running server uses the new keys within a few seconds, without a restart.");
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the trusted keys: name, fingerprint, user id and creation date.")
    static final class ListKeys extends Base implements Callable<Integer> {
        private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

        @Override
        public Integer call() {
            List<TrustedKey> keys = keys().list();
            int width = Math.max(4, keys.stream().mapToInt(k -> k.name().length()).max().orElse(4));
            out().println(String.format("%-" + width + "s  %-50s  %-10s  %s", "NAME", "FINGERPRINT", "CREATED", "UID"));
            for (TrustedKey key : keys) {
                if (key.problem() != null) {
                    out().println(String.format("%-" + width + "s  unreadable: %s", key.name(), key.problem()));
                    continue;
                }
                out().println(String.format("%-" + width + "s  %-50s  %-10s  %s", key.name(), key.spacedFingerprint(),
                        key.created() == null ? "" : DAY.format(key.created()), key.uid()));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Stop trusting keys, by file name or fingerprint (full, or its last 16 hex digits); "
                    + "their files are deleted from the configuration folder.")
    static final class Delete extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "NAME-OR-FINGERPRINT", arity = "1..*", description = "Key names or fingerprints.")
        List<String> keys;

        @Override
        public Integer call() {
            TrustedKeys trusted = keys();
            int failed = each(keys, "Unable to delete public key: ", wanted -> {
                TrustedKey key = trusted.delete(wanted);
                return "Deleted public key: " + key.name() + " (" + key.spacedFingerprint() + ")";
            });
            return failed == 0 ? 0 : 1;
        }
    }
}
