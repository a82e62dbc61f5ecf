package io.pluginconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.TarBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline CLI with a bundle in the working folder's prepackaged_plugins: enable installs it, delete refuses. */
class PrepackagedCommandsTest {
    static final String ID = "com.example.packaged";

    @TempDir
    Path wd;

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(wd.getParent(), "out", ".txt");
        Path err = Files.createTempFile(wd.getParent(), "err", ".txt");
        Process process = new ProcessBuilder(command).directory(wd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void enableInstallsItAndDeleteIsRefused() throws Exception {
        Files.createDirectories(wd.resolve("prepackaged_plugins"));
        TarBuilder.plugin(ID, TarBuilder.manifest(ID, "2.0.0")).tarGz(wd.resolve("prepackaged_plugins/packaged.tar.gz"));

        Result list = run("plugin", "list", "--local");
        assertThat(list.out()).contains("  " + ID + ": " + ID + " plugin, Version: 2.0.0 (pre-packaged)");
        assertThat(wd.resolve("plugins/" + ID)).doesNotExist();

        Result enable = run("plugin", "enable", "--local", ID);
        assertThat(enable.exit()).as(enable.err()).isZero();
        assertThat(wd.resolve("plugins/" + ID + "/plugin.json")).exists();
        assertThat(wd.resolve("data/plugins/" + ID + ".tar.gz")).doesNotExist();
        assertThat(Files.readString(wd.resolve("config/config.json"))).contains(ID);

        Result delete = run("plugin", "delete", "--local", ID);
        assertThat(delete.exit()).isEqualTo(1);
        assertThat(delete.err()).contains("Pre-packaged with the server; remove the bundle from the "
                + "prepackaged_plugins folder to remove it.");
        assertThat(wd.resolve("plugins/" + ID + "/plugin.json")).exists();
    }
}
