package io.pluginconsole.cli;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline CLI run as a real process in a server's working folder, as an administrator would. */
class LocalPluginCommandsTest {
    @TempDir
    Path wd;

    record Result(int exit, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(wd.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(wd.getParent(), "out", ".txt");
        Path err = Files.createTempFile(wd.getParent(), "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    @Test
    void addListDeleteWithMmctlLinesAndExitCodes() throws Exception {
        Path good = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz(wd.resolve("demo.tar.gz"));
        Path bad = Files.writeString(wd.resolve("bad.tar.gz"), "not a bundle");

        Result add = run("plugin", "add", "--local", good.toString(), bad.toString());
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.out()).isEqualTo("Added plugin: " + good + System.lineSeparator());
        assertThat(add.err()).contains("Unable to add plugin: " + bad + ". Error: Bundle rejected: not a .tar.gz bundle")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(wd.resolve("plugins/demo/plugin.json")).exists();
        assertThat(wd.resolve("data/plugins/demo.tar.gz")).exists();
        assertThat(wd.resolve("config/config.json")).exists();

        Result again = run("plugin", "add", "--local", good.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("A plugin with the same ID is already installed");
        assertThat(run("plugin", "add", "--local", "-f", good.toString()).exit()).isZero();

        assertThat(run("plugin", "enable", "--local", "demo").out()).isEqualTo("Enabled plugin: demo"
                + System.lineSeparator());
        Result list = run("plugin", "list", "--local");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo(String.join(System.lineSeparator(), "Listing enabled plugins",
                "  demo: demo plugin, Version: 1.0.0", "Listing disabled plugins",
                // the server's own pre-packaged plugins, on offer until enabled
                "  com.pluginconsole.server-status: Server Status, Version: 1.0.0 (pre-packaged)",
                "  com.pluginconsole.welcome-banner: Welcome Banner, Version: 1.0.0 (pre-packaged)", ""));
        String json = run("plugin", "list", "--local", "--json").out();
        assertThat(json).contains("\"active\"").contains("\"id\" : \"demo\"");
        // The same shape as GET /api/v4/plugins (Mattermost's manifest JSON), not the Java record's.
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).at("/active/0");
        assertThat(manifest).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                io.pluginconsole.plugins.bundle.ManifestJson.of(
                        io.pluginconsole.plugins.bundle.ManifestParser.find(wd.resolve("plugins/demo")).manifest())));

        Result delete = run("plugin", "delete", "--local", "demo", "missing");
        assertThat(delete.exit()).isEqualTo(1);
        assertThat(delete.out()).isEqualTo("Deleted plugin: demo" + System.lineSeparator());
        assertThat(delete.err()).contains("Unable to delete plugin: missing. Error: Plugin is not installed");
        assertThat(wd.resolve("plugins/demo")).doesNotExist();
        assertThat(wd.resolve("data/plugins/demo.tar.gz")).doesNotExist();
    }

    @Test
    void usesTheSameConfigurationAndOverridesAsTheServer() throws Exception {
        Files.createDirectories(wd.resolve("config"));
        Files.writeString(wd.resolve("config/config.json"),
                "{\"PluginSettings\":{\"Directory\":\"./custom-plugins\"}}");
        Path good = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz(wd.resolve("demo.tar.gz"));
        Result add = run(Map.of("MM_FILESETTINGS_DIRECTORY", "./store/"), "plugin", "add", "--local", good.toString());
        assertThat(add.exit()).isZero();
        assertThat(wd.resolve("custom-plugins/demo/plugin.json")).exists();
        assertThat(wd.resolve("store/plugins/demo.tar.gz")).exists();
    }

    @Test
    void invalidConfigurationIsOneClearLine() throws Exception {
        Files.createDirectories(wd.resolve("config"));
        Files.writeString(wd.resolve("config/config.json"), "{\"FileSettings\":{\"MaxFileSize\":\"big\"}}");
        Result list = run("plugin", "list", "--local");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err().strip()).startsWith("Error: ").contains("FileSettings.MaxFileSize has the value \"big\"")
                .doesNotContain("\n");
    }

    @Test
    void missingFileIsReported() throws Exception {
        Result add = run("plugin", "add", "--local", "nowhere.tar.gz");
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.err()).contains("Unable to add plugin: nowhere.tar.gz. Error: no such file");
    }

    @Test
    void userCreateWorksOfflineAgainstTheConfiguredDatabase() throws Exception {
        Files.writeString(wd.resolve("pw.txt"), "offline-admin-pass\n");
        Result created = run("user", "create", "--email", "ops@example.com", "--username", "ops", "--password-file",
                "pw.txt", "--system-admin");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created user ops (system admin)");
        Result again = run("user", "create", "--email", "ops@example.com", "--username", "ops", "--password-file",
                "pw.txt");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists").doesNotContain("\tat ");
        assertThat(wd.resolve("data/pluginconsole.mv.db")).exists();
    }

    /** With the configuration in PostgreSQL (MM_CONFIG, as Mattermost allows), enabling is saved there. */
    @Test
    void theConfigurationCanLiveInPostgres() throws Exception {
        try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            String dsn = "postgres://postgres:x@localhost:" + postgres.getPort() + "/postgres?sslmode=disable";
            Path good = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz(wd.resolve("demo.tar.gz"));
            assertThat(run(Map.of("MM_CONFIG", dsn), "plugin", "add", "--local", good.toString()).exit()).isZero();
            Result enable = run(Map.of(), "plugin", "enable", "--local", "--config", dsn, "demo");
            assertThat(enable.out()).as(enable.err()).isEqualTo("Enabled plugin: demo" + System.lineSeparator());
            assertThat(wd.resolve("config/config.json")).doesNotExist();
            assertThat(new io.pluginconsole.db.DatabaseConfigStore(dsn, new io.pluginconsole.config.EnvOverrides(Map.of()))
                    .current().pluginSettings().isEnabled("demo")).isTrue();
        }
    }
}
