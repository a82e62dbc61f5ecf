package io.pluginconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's warm-up start ({@code server --warm-up-and-exit}) as separate processes on the
 * server's own class path (without the tests' logging file): it starts on an empty folder,
 * answers its own requests, stops by itself and leaves a class-data archive that the next start
 * maps.
 */
class WarmUpRunTest {
    @TempDir
    Path root;

    /** Made once: the archive remembers each jar's size and time, and maps only for the same files. */
    private String classPath;

    record Run(int exit, String out, String err) {
    }

    private Run java(Path folder, List<String> jvmOptions, String... args) throws Exception {
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpluginconsole.bcrypt.cost=4"));
        command.addAll(jvmOptions);
        if (classPath == null) {
            classPath = serverClassPath();
        }
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        Path out = root.resolve(folder.getFileName() + ".out");
        Path err = root.resolve(folder.getFileName() + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0");
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the warm-up run stops by itself").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * The class path the tests run on, less the test classes (their logback-test.xml would replace
     * the server's logging), with the server's classes in a jar: a class-data archive takes
     * classes from jars only, as in the packaged server.
     */
    private String serverClassPath() throws IOException {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.endsWith("test-classes")) {
                continue;
            }
            entries.add(Files.isDirectory(path) ? jarOf(path).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private Path jarOf(Path classes) throws IOException {
        Path jar = root.resolve("server-classes.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            // Folders get their own entries too: the migrations are found by looking up their folder.
            for (Path file : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                boolean folder = Files.isDirectory(file);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void startsAnswersItselfStopsAndLeavesAnArchiveTheNextStartMaps() throws Exception {
        Path archive = root.resolve("console.jsa");
        Run recording = java(root.resolve("first"), List.of("-XX:ArchiveClassesAtExit=" + archive),
                "server", "--warm-up-and-exit");
        assertThat(recording.exit()).as(recording.err()).isZero();
        // The server's own log setup: one line per event on stderr, libraries kept to warnings.
        assertThat(recording.err()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ConsoleServer - Plugin Console listening on 127\\.0\\.0\\.1:\\d+")
                .doesNotContain("DEBUG").doesNotContain("Exception");
        assertThat(root.resolve("first/config/config.json")).exists();
        assertThat(archive).isNotEmptyFile();

        // -Xshare:on makes the JVM refuse to start unless the archive maps.
        Run mapped = java(root.resolve("second"), List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info"), "server", "--warm-up-and-exit");
        assertThat(mapped.exit()).as(mapped.err() + mapped.out()).isZero();
        assertThat(mapped.out()).contains("io.pluginconsole.app.ConsoleServer source: shared objects file (top)")
                .contains("io.pluginconsole.web.WebServer source: shared objects file (top)");
    }
}
