package io.pluginconsole.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCheckTest {
    @TempDir
    Path temp;

    @AfterEach
    void release() {
        Unwritable.release(temp);
    }

    @Test
    void createsMissingFoldersRelativeToTheWorkingDirectory() {
        FolderCheck check = new FolderCheck("config/config.json", temp, "mm");
        assertThat(check.check("client folder", Path.of("./client/plugins"), "PluginSettings.ClientDirectory", true))
                .isEmpty();
        assertThat(temp.resolve("client/plugins")).isDirectory().isEmptyDirectory();
    }

    @Test
    void aFolderThatCannotBeCreatedIsAProblemWithItsFix() {
        Path folder = Unwritable.folder(temp, "client");
        FolderCheck check = new FolderCheck("config/config.json", temp, "mm");
        Optional<StartupProblem> problem = check.check("client folder", folder.resolve("plugins"),
                "PluginSettings.ClientDirectory", true);
        assertThat(problem).isPresent();
        StartupProblem p = problem.get();
        assertThat(p.folder()).isEqualTo(folder.resolve("plugins").toAbsolutePath().toString());
        assertThat(p.action()).isEqualTo("create");
        assertThat(p.reason()).isIn("permission denied", folder.getParent() + " is a file, not a folder");
        assertThat(p.fixText()).isEqualTo("Plugin Console cannot create the client folder " + p.folder() + " ("
                + p.reason() + ") as user 'mm'. Give that user write access to the folder, or set "
                + "PluginSettings.ClientDirectory in config/config.json to a writable folder (relative paths are "
                + "resolved against the working directory " + temp.toAbsolutePath() + ").");
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAProblem() throws Exception {
        Files.writeString(temp.resolve("plugins"), "not a folder");
        Optional<StartupProblem> problem = new FolderCheck("config.json", temp, "mm")
                .check("plugins folder", Path.of("plugins"), "PluginSettings.Directory", true);
        assertThat(problem).isPresent();
        assertThat(problem.get().reason()).isEqualTo(temp.resolve("plugins") + " is a file, not a folder");
    }
}
