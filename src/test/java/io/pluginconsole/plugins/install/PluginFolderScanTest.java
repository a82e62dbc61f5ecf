package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.TarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan re-reads only folders that changed; a manifest written right after a scan (within the
 * file system's clock tick, so the folder's time stays the same) must still be seen by the next.
 */
class PluginFolderScanTest {
    @TempDir
    Path root;

    @RepeatedTest(5)
    void aManifestWrittenIntoAFolderJustScannedIsSeenByTheNextScan() throws Exception {
        PluginFolders folders = new PluginFolders(root);
        Path dir = Files.createDirectories(root.resolve("late"));
        assertThat(folders.scan()).isEmpty();
        Files.writeString(dir.resolve("plugin.json"), TarBuilder.manifest("late", "1.0.0"));
        assertThat(folders.scan()).containsKey("late");
    }

    @RepeatedTest(5)
    void aManifestRewrittenInPlaceWithinOneTickIsSeen() throws Exception {
        PluginFolders folders = new PluginFolders(root);
        Path dir = Files.createDirectories(root.resolve("edited"));
        Files.writeString(dir.resolve("plugin.json"), TarBuilder.manifest("edited", "1.0.0"));
        assertThat(folders.scan().get("edited").manifest().version()).isEqualTo("1.0.0");
        Files.writeString(dir.resolve("plugin.json"), TarBuilder.manifest("edited", "1.10.0"));
        assertThat(folders.scan().get("edited").manifest().version()).isEqualTo("1.10.0");
    }
}
