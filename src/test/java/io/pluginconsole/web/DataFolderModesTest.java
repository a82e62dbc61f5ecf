package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder and the embedded database's files are private to the server's user. */
class DataFolderModesTest {
    @TempDir
    Path root;

    @Test
    void theDataFolderIs0700AndTheDatabaseFiles0600EvenWhenLooserBefore() throws IOException {
        Path data = root.resolve("data");
        Path database = data.resolve("pluginconsole.mv.db");
        try (TestServer server = TestServer.start(root, Map.of(), true)) {
            assertThat(server.server().accounts().auth().adminExists()).isTrue();
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(database)).isEqualTo("rw-------");
        }
        // Files from an older version (or loosened by hand) are tightened at the next start.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(database)).isEqualTo("rw-------");
            assertThat(server.server().accounts().auth().adminExists()).isTrue();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
