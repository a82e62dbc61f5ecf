package io.pluginconsole.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Set;

/**
 * The bytes of config.json and how they are replaced: a private temporary file beside it (0600)
 * renamed over it, only if the file still holds what the caller read. Writers in different
 * processes (the server, the command line) take {@code config.json.lock} first.
 */
final class ConfigFile {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    ConfigFile(Path file) {
        this.file = file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** Creates the missing folders up to the file's, each readable by the owner only. */
    void createFolder() throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = file.getParent(); p != null && Files.notExists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path folder : missing) {
            if (POSIX) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
                Files.setPosixFilePermissions(folder, OWNER_FOLDER); // the umask may have taken bits away
            } else {
                Files.createDirectory(folder);
            }
        }
    }

    byte[] read() throws IOException {
        return Files.readAllBytes(file);
    }

    /** The content, or null when there is no file. */
    byte[] readIfExists() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Writes {@code bytes} as the new file unless it changed since it was read with hash {@code expected}
     * (null: there was no file). Returns false, leaving the file alone, when it changed.
     */
    boolean replace(byte[] bytes, byte[] expected) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp", privateFile());
        try {
            Files.write(temp, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            byte[] now = readIfExists();
            if (!Arrays.equals(now == null ? null : hash(now), expected)) {
                return false;
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Holds {@code config.json.lock} until closed, so one process at a time saves. */
    Lock lock() throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel;
        if (POSIX && Files.notExists(lockFile)) {
            try {
                Files.createFile(lockFile, privateFile());
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it first
            }
        }
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new Lock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A held lock on {@code config.json.lock}. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    static byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }
}
