package io.pluginconsole.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one-time token that lets the first administrator be created from the browser. It is
 * printed to the log and written (0600) to the data folder; whoever can read either controls
 * the server anyway. It is deleted once used.
 */
public final class SetupToken {
    private final Path file;

    public SetupToken(Path dataDir) {
        this.file = dataDir.resolve("setup-token");
    }

    public Path file() {
        return file;
    }

    /** The current token, created if there is none. */
    public String ensure() {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).strip();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            Files.createDirectories(file.getParent());
            String token = Ids.newId();
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the setup token to " + file, e);
        }
    }

    public boolean matches(String candidate) {
        try {
            return Files.isRegularFile(file) && Ids.same(Files.readString(file).strip(), candidate == null ? "" : candidate.strip());
        } catch (IOException e) {
            return false;
        }
    }

    public void consume() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the used setup token " + file, e);
        }
    }
}
