package io.pluginconsole.plugins.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin process must not outlive the server, even when the server is killed with SIGKILL. */
class OrphanTest {
    @Test
    void pluginDiesWithAKilledServer(@TempDir Path root) throws Exception {
        Path folder = Files.createDirectories(root.resolve("orphan"));
        Files.writeString(folder.resolve("plugin.json"),
                "{\"id\":\"orphan\",\"version\":\"1.0.0\",\"server\":{\"executable\":\"plugin.sh\"}}");
        Path exe = folder.resolve("plugin.sh");
        Files.writeString(exe, "#!/bin/sh\necho '1|1|tcp|127.0.0.1:1|netrpc'\nexec sleep 300\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));

        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunPluginUntilKilled.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).startsWith("PID ");
            pid = Long.parseLong(line.substring(4));
        }
        Optional<ProcessHandle> plugin = ProcessHandle.of(pid);
        assertThat(plugin).isPresent();
        assertThat(plugin.get().isAlive()).isTrue();

        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        plugin.get().onExit().get(10, TimeUnit.SECONDS);
        assertThat(plugin.get().isAlive()).isFalse();
    }
}
