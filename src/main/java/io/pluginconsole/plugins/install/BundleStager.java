package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams an incoming bundle into a private file (folder 0700, file 0600, never the shared temp
 * folder), hashing it on the way and stopping as soon as it passes the size limit or the free
 * disk space falls below the reserve. Memory use does not depend on the bundle's size.
 */
public final class BundleStager {
    /** How often (in bytes written) the free space is measured again while a bundle streams in. */
    private static final long SPACE_CHECK_EVERY = 1024 * 1024;
    private final Path folder;
    private final FreeSpaceReserve reserve;

    public BundleStager(Path folder) {
        this(folder, FreeSpaceReserve.none(folder));
    }

    public BundleStager(Path folder, FreeSpaceReserve reserve) {
        this.folder = folder;
        this.reserve = reserve;
    }

    /**
     * Refuses (507) a bundle of up to {@code incomingBytes} that would leave less than the reserve
     * free; called before anything is received.
     */
    public void requireRoomFor(long incomingBytes) {
        reserve.requireRoomFor(incomingBytes);
    }

    public Path folder() {
        return folder;
    }

    /** Deletes bundles left behind by a crash; called at start before anything is received. */
    public void clear() {
        try {
            PluginFolders.deleteTree(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot empty the staging folder " + folder, e);
        }
    }

    public StagedBundle stage(InputStream in, long maxBytes) {
        Path file = null;
        reserve.requireRoomFor(0);
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            file = Files.createTempFile(folder, "bundle-", ".tar.gz",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            MessageDigest sha = Hashing.newSha256();
            long total = 0;
            long nextSpaceCheck = SPACE_CHECK_EVERY;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    if (total >= nextSpaceCheck) {
                        reserve.requireRoomFor(0);
                        nextSpaceCheck = total + SPACE_CHECK_EVERY;
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return new StagedBundle(file, HexFormat.of().formatHex(sha.digest()), total);
        } catch (PluginException e) {
            deleteQuietly(file);
            throw e;
        } catch (IOException e) {
            deleteQuietly(file);
            if (e.getMessage() != null && e.getMessage().contains("No space left")) {
                throw new PluginException(ErrorIds.NO_SPACE, PluginException.Kind.INSUFFICIENT_STORAGE,
                        "Not enough disk space to receive the plugin. Free space on the server's disk and try again.",
                        e.getMessage(), e);
            }
            throw new PluginException(ErrorIds.EXTRACT, PluginException.Kind.BAD_INPUT,
                    "The bundle could not be received completely. Try the upload again.", e.getMessage(), e);
        }
    }

    public static PluginException tooLarge(long maxBytes) {
        return new PluginException(ErrorIds.FILE_TOO_LARGE, PluginException.Kind.TOO_LARGE,
                "Bundle too large (max " + humanSize(maxBytes) + "). Raise FileSettings.MaxFileSize in "
                        + "config.json to install larger plugins.", "limit " + maxBytes + " bytes", null);
    }

    public static String humanSize(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return bytes + " bytes";
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // emptied at the next start
            }
        }
    }
}
