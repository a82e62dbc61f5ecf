package io.pluginconsole.plugins.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bundle received into a private file, with its SHA-256; closing deletes the file. */
public record StagedBundle(Path file, String sha256, long size) implements AutoCloseable {
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the staging folder is emptied at the next start
        }
    }
}
