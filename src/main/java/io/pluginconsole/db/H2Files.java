package io.pluginconsole.db;

import io.pluginconsole.config.ConfigException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The embedded database's files: created in a private data folder (0700) and readable by the
 * server's user only (0600), since they hold password hashes, session and token hashes and the
 * audit log.
 */
final class H2Files {
    /** H2's error code for a database file another process holds open. */
    private static final int H2_FILE_IN_USE = 90020;

    private H2Files() {
    }

    /** Creates the folder (private) and the database file when they do not exist yet. */
    static void create(Path dataDir, String url, String user) {
        try {
            Files.createDirectories(dataDir);
            privateFolder(dataDir);
        } catch (IOException e) {
            throw new ConfigException("Cannot create the data folder " + dataDir + " for the embedded database: "
                    + e.getMessage() + ". Check FileSettings.Directory and the folder's permissions.", e);
        }
        try (Connection first = DriverManager.getConnection(url, user, "")) {
            first.isValid(1);
            restrict(dataDir);
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_FILE_IN_USE) {
                // H2 lets one process use the file at a time: usually the server itself is running.
                throw new ConfigException("The embedded database in " + dataDir + " is in use by another process, "
                        + "usually the running server. Stop the server and run this command again; while the "
                        + "server runs, an administrator can create accounts from a signed-in session instead.", e);
            }
            throw new ConfigException("Cannot open the embedded database in " + dataDir + ": " + e.getMessage()
                    + ". Check that the folder can be written and that no other server uses it.", e);
        }
    }

    /** Makes the folder 0700 and the database's files in it 0600. */
    static void restrict(Path dataDir) {
        try {
            privateFolder(dataDir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, Database.H2_NAME + ".*")) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot make the embedded database in " + dataDir + " private: "
                    + e.getMessage() + ". Check the folder's owner and permissions.", e);
        }
    }

    private static void privateFolder(Path folder) throws IOException {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }
}
