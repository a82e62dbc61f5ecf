package io.pluginconsole.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder on disk (FileSettings.Directory). Writes go to a hidden sibling first and are renamed
 * into place, so readers never see half an object.
 */
public final class LocalFileStore implements FileStore {
    private final Path root;

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        StoreKeys.check(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Invalid file store key: " + key);
        }
        return path;
    }

    @Override
    public void write(String key, InputStream content, long length) {
        replace(key, temp -> {
            long copied;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                copied = content.transferTo(out);
            }
            if (length >= 0 && copied != length) {
                throw new IOException("expected " + length + " bytes but received " + copied);
            }
        });
    }

    /**
     * A file on the same disk is linked in rather than copied (the caller deletes its own name
     * afterwards); elsewhere it is copied.
     */
    @Override
    public void writeFile(String key, Path file) {
        replace(key, temp -> {
            try {
                Files.createLink(temp, file);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file, temp);
            }
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        });
    }

    /** Fills a hidden sibling of the object, then renames it into place; on failure the old object stays. */
    private void replace(String key, TempWriter writer) {
        Path target = resolve(key);
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
            writer.write(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temp);
            throw new FileStoreException("Cannot write " + key + " to " + describe() + ": " + e.getMessage()
                    + ". Check that the folder exists, is writable and has free space.", e);
        }
    }

    @FunctionalInterface
    private interface TempWriter {
        void write(Path temp) throws IOException;
    }

    @Override
    public InputStream read(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new FileStoreException("No object " + key + " in " + describe(), e);
        } catch (IOException e) {
            throw new FileStoreException("Cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public long size(String key) {
        try {
            return Files.size(resolve(key));
        } catch (IOException e) {
            throw new FileStoreException("Cannot read the size of " + key + " in " + describe(), e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path base = prefix.isEmpty() ? root : resolve(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw new FileStoreException("Cannot list " + prefix + " in " + describe() + ": " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new FileStoreException("Cannot delete " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "local folder " + root;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a leftover ".part" file is hidden from list() and never read
        }
    }
}
