package io.pluginconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders the server cannot create: below a read-only folder (chmod 555) when permissions are
 * enforced, or below a regular file when they are not (tests running as root), where creating
 * a folder fails for every user. Either way the test still runs and can fail.
 */
public final class Unwritable {
    private Unwritable() {
    }

    /** A path below {@code temp} whose folder {@code name} cannot be created. */
    public static Path folder(Path temp, String name) {
        try {
            Path locked = temp.resolve("read-only");
            Files.createDirectories(locked);
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!Files.isWritable(locked)) {
                return locked.resolve(name);
            }
            // Permissions are not enforced for this user (root): a file in the way works for everyone.
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path blocker = temp.resolve("a-file");
            Files.writeString(blocker, "a file, not a folder");
            return blocker.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the read-only folder writable again so the temp folder can be deleted. */
    public static void release(Path temp) {
        Path locked = temp.resolve("read-only");
        try {
            if (Files.isDirectory(locked)) {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
