package io.pluginconsole.plugins.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bundle received into a private file, with its SHA-256; closing deletes the file. */
public record StagedBundle(Path file, String sha256, long size) implements AutoCloseable {

    /**
     * Whether the file still hashes to the SHA-256 taken while it was received: checked again just
     * before a reviewed install, so a staging file changed in between is never installed.
     */
    public boolean unchanged() {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256.equals(Hashing.sha256(in));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the staging folder is emptied at the next start
        }
    }
}
