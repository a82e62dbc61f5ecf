package io.pluginconsole.logs;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A rolling file appender whose files only the server's user can read (0600): the log holds
 * plugin output, request paths and error details. Every file it opens, the first one and each
 * new one after a rollover, is created with that mode before Logback opens it.
 */
final class PrivateRollingFileAppender<E> extends RollingFileAppender<E> {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    @Override
    public void openFile(String fileName) throws IOException {
        makePrivate(Path.of(fileName));
        super.openFile(fileName);
    }

    static void makePrivate(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } catch (FileAlreadyExistsException e) {
            try {
                Files.setPosixFilePermissions(file, FILE_MODE);
            } catch (IOException | UnsupportedOperationException ignored) {
                // not ours to change, or not a POSIX file system: Logback writes it as it is
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Logback reports a file it cannot open itself
        }
    }
}
