package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plugin add|list|delete|enable|disable}, with mmctl's words and exit codes. */
@Command(name = "plugin", description = "Manage plugins.", mixinStandardHelpOptions = true,
        subcommands = {PluginCommand.Add.class, PluginCommand.ListPlugins.class, PluginCommand.Delete.class,
                PluginCommand.Enable.class, PluginCommand.Disable.class})
final class PluginCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where a command works: --local means the folders and file store of a stopped server. */
    static final class Target {
        @Option(names = "--local", required = true,
                description = "Work directly on the configured plugins folder and file store "
                        + "(the server must be stopped).")
        boolean local;
    }

    abstract static class Base {
        @Mixin
        ConfigOption config = new ConfigOption();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @Spec
        CommandSpec spec;

        PluginService service() {
            PluginConsole console = PluginConsole.build(config.open(), config.workingDir(), new OfflineRuntime(),
                    BundleLimits.defaults(), InstallSteps.NONE);
            return console.plugins();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "add", description = "Install plugin bundles (.tar.gz).", mixinStandardHelpOptions = true)
    static final class Add extends Base implements Callable<Integer> {
        @Option(names = {"-f", "--force"}, description = "Replace a plugin with the same id.")
        boolean force;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Bundle files.")
        List<Path> files;

        @Override
        public Integer call() {
            PluginService plugins = service();
            int failed = 0;
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    plugins.install(in, force ? InstallMode.ALWAYS : InstallMode.IF_NEW, "cli");
                    out().println("Added plugin: " + file);
                } catch (NoSuchFileException e) {
                    failed++;
                    err().println("Unable to add plugin: " + file + ". Error: no such file");
                } catch (Exception e) {
                    failed++;
                    err().println("Unable to add plugin: " + file + ". Error: " + e.getMessage());
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", description = "List installed plugins.", mixinStandardHelpOptions = true)
    static final class ListPlugins extends Base implements Callable<Integer> {
        @Option(names = "--json", description = "Print {\"active\": [...], \"inactive\": [...]} manifests.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<PluginInfo> plugins = service().list();
            List<PluginInfo> enabled = plugins.stream().filter(PluginInfo::enabled).toList();
            List<PluginInfo> disabled = plugins.stream().filter(p -> !p.enabled()).toList();
            if (json) {
                ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("active", enabled.stream().map(p -> p.plugin().manifest()).toList());
                body.put("inactive", disabled.stream().map(p -> p.plugin().manifest()).toList());
                out().println(mapper.writeValueAsString(body));
                return 0;
            }
            out().println("Listing enabled plugins");
            enabled.forEach(this::print);
            out().println("Listing disabled plugins");
            disabled.forEach(this::print);
            return 0;
        }

        private void print(PluginInfo plugin) {
            String version = plugin.plugin().manifest().version();
            out().println("  " + plugin.id() + ": " + plugin.plugin().manifest().displayName() + ", Version: "
                    + (version == null ? "" : version) + (plugin.plugin().managed() ? "" : " (manually installed)"));
        }
    }

    /** Runs one action per id and prints mmctl's line for each. */
    abstract static class PerId extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Plugin ids.")
        List<String> ids;

        abstract void apply(PluginService plugins, String id);

        abstract String done();

        abstract String verb();

        @Override
        public Integer call() {
            PluginService plugins = service();
            int failed = 0;
            for (String id : ids) {
                try {
                    apply(plugins, id);
                    out().println(done() + " plugin: " + id);
                } catch (Exception e) {
                    failed++;
                    err().println("Unable to " + verb() + " plugin: " + id + ". Error: " + e.getMessage());
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "delete", description = "Remove plugins (their settings are kept).", mixinStandardHelpOptions = true)
    static final class Delete extends PerId {
        void apply(PluginService plugins, String id) {
            plugins.remove(id);
        }

        String done() {
            return "Deleted";
        }

        String verb() {
            return "delete";
        }
    }

    @Command(name = "enable", description = "Enable plugins.", mixinStandardHelpOptions = true)
    static final class Enable extends PerId {
        void apply(PluginService plugins, String id) {
            plugins.enable(id);
        }

        String done() {
            return "Enabled";
        }

        String verb() {
            return "enable";
        }
    }

    @Command(name = "disable", description = "Disable plugins.", mixinStandardHelpOptions = true)
    static final class Disable extends PerId {
        void apply(PluginService plugins, String id) {
            plugins.disable(id);
        }

        String done() {
            return "Disabled";
        }

        String verb() {
            return "disable";
        }
    }
}
