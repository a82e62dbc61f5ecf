package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plugin add|install-url|list|delete|enable|disable}, with mmctl's words and exit codes:
 * against the server of the current login, or with {@code --local} on a stopped server's folders.
 */
@Command(name = "plugin", description = "Manage plugins.", mixinStandardHelpOptions = true,
        subcommands = {PluginCommand.Add.class, PluginCommand.InstallUrl.class, PluginCommand.ListPlugins.class,
                PluginCommand.Delete.class, PluginCommand.Enable.class, PluginCommand.Disable.class,
                PluginKeysCommand.class})
final class PluginCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--local",
                description = "Work directly on the configured plugins folder and file store (the server must be "
                        + "stopped). Without it, commands go to the server of the current 'auth login'.")
        boolean local;

        @Spec
        CommandSpec spec;

        PluginTarget target() {
            if (local) {
                PluginConsole console = PluginConsole.build(config.open(), config.workingDir(), new OfflineRuntime(),
                        BundleLimits.defaults(), InstallSteps.NONE,
                        io.pluginconsole.plugins.install.Prepackaged.defaultSources(config.workingDir()));
                return new LocalPluginTarget(console.plugins());
            }
            return RemotePluginTarget.connect(Credentials.forUser(Main.environment(spec)));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** One item's work; returns the line printed when it succeeds. */
        interface Step<T> {
            String run(T item) throws Exception;
        }

        /** Runs every item even after a failure; exit code 1 if any failed (mmctl's add never fails it). */
        <T> int each(List<T> items, Step<T> step, Function<T, String> unable) {
            int failed = 0;
            for (T item : items) {
                try {
                    out().println(step.run(item));
                } catch (Exception e) {
                    failed++;
                    err().println(unable.apply(item) + ". Error: "
                            + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "add", description = "Install plugin bundles (.tar.gz).", mixinStandardHelpOptions = true)
    static final class Add extends Base implements Callable<Integer> {
        @Option(names = {"-f", "--force"}, description = "Replace a plugin with the same id.")
        boolean force;

        @Option(names = "--signature", paramLabel = "FILE",
                description = "Detached signature of the bundle (armored or binary); only with one FILE. Without it, "
                        + "FILE.sig or FILE.asc next to the bundle is sent when present.")
        Path signature;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Bundle files.")
        List<Path> files;

        @Override
        public Integer call() {
            if (signature != null && files.size() != 1) {
                err().println("Error: --signature signs one bundle; give exactly one FILE (or put FILE.sig next to "
                        + "each bundle)");
                return 1;
            }
            PluginTarget target = target();
            return each(files, file -> {
                target.add(file, signatureOf(file), force);
                return "Added plugin: " + file;
            }, file -> "Unable to add plugin: " + file);
        }

        /** The --signature file, else FILE.sig or FILE.asc beside the bundle, else none. */
        private Path signatureOf(Path file) throws java.io.IOException {
            if (signature != null) {
                if (!java.nio.file.Files.isRegularFile(signature)) {
                    throw new java.io.IOException("the signature file " + signature + " does not exist");
                }
                return signature;
            }
            for (String suffix : List.of(".sig", ".asc")) {
                Path beside = file.resolveSibling(file.getFileName() + suffix);
                if (java.nio.file.Files.isRegularFile(beside)) {
                    return beside;
                }
            }
            return null;
        }
    }

    @Command(name = "install-url", description = "Install plugins from bundle URLs (the server downloads them).",
            mixinStandardHelpOptions = true)
    static final class InstallUrl extends Base implements Callable<Integer> {
        @Option(names = {"-f", "--force"}, description = "Replace a plugin with the same id.")
        boolean force;

        @Parameters(paramLabel = "URL", arity = "1..*", description = "Bundle URLs (https, or http when "
                + "PluginSettings.AllowInsecureDownloadURL is on).")
        List<String> urls;

        @Override
        public Integer call() {
            PluginTarget target = target();
            return each(urls, url -> "Plugin " + target.installFromUrl(url, force) + " successfully installed",
                    url -> "Unable to install plugin from URL \"" + url + "\"");
        }
    }

    @Command(name = "list", description = "List installed plugins.", mixinStandardHelpOptions = true)
    static final class ListPlugins extends Base implements Callable<Integer> {
        @Option(names = "--json", description = "Print {\"active\": [...], \"inactive\": [...]} manifests.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PluginTarget.Listing listing = target().list();
            if (json) {
                out().println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(listing.json()));
                return 0;
            }
            out().println("Listing enabled plugins");
            listing.enabled().forEach(p -> out().println(p.line()));
            out().println("Listing disabled plugins");
            listing.disabled().forEach(p -> out().println(p.line()));
            return 0;
        }
    }

    /** Runs one action per id and prints mmctl's line for each. */
    abstract static class PerId extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Plugin ids.")
        List<String> ids;

        private final String done;
        private final String verb;
        private final java.util.function.BiConsumer<PluginTarget, String> action;

        PerId(String done, String verb, java.util.function.BiConsumer<PluginTarget, String> action) {
            this.done = done;
            this.verb = verb;
            this.action = action;
        }

        @Override
        public Integer call() {
            PluginTarget target = target();
            return each(ids, id -> {
                action.accept(target, id);
                return done + " plugin: " + id;
            }, id -> "Unable to " + verb + " plugin: " + id);
        }
    }

    @Command(name = "delete", description = "Remove plugins (their settings are kept).", mixinStandardHelpOptions = true)
    static final class Delete extends PerId {
        Delete() {
            super("Deleted", "delete", PluginTarget::delete);
        }
    }

    @Command(name = "enable", description = "Enable plugins.", mixinStandardHelpOptions = true)
    static final class Enable extends PerId {
        Enable() {
            super("Enabled", "enable", PluginTarget::enable);
        }
    }

    @Command(name = "disable", description = "Disable plugins.", mixinStandardHelpOptions = true)
    static final class Disable extends PerId {
        Disable() {
            super("Disabled", "disable", PluginTarget::disable);
        }
    }
}
