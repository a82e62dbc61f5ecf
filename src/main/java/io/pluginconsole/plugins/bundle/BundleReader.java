package io.pluginconsole.plugins.bundle;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a .tar.gz bundle into an empty staging folder, refusing anything that is not a plain
 * file or folder with a safe name, and stopping at the size, count, ratio and time limits. It
 * never follows or creates links, ignores owners and times, and writes only modes 0644, 0755
 * (files whose owner-execute bit was set) and 0755 for folders.
 */
public final class BundleReader {
    /** Name of the install record the installer writes into each plugin folder; bundles may not carry it. */
    public static final String INSTALL_RECORD = ".plugin-console.json";

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> EXEC_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final BundleLimits limits;

    public BundleReader(BundleLimits limits) {
        this.limits = limits;
    }

    public BundleLimits limits() {
        return limits;
    }

    /** Summary of an unpacked archive. */
    public record Unpacked(Path root, int entries, long bytes) {
    }

    /**
     * Unpacks {@code bundle} into {@code staging}, which must exist and be empty. On any failure
     * the caller deletes the staging folder; nothing is written anywhere else.
     */
    public Unpacked unpack(Path bundle, Path staging) {
        long deadline = System.nanoTime() + limits.timeBudget().toNanos();
        try (InputStream file = Files.newInputStream(bundle);
             BufferedInputStream raw = new BufferedInputStream(file, 64 * 1024)) {
            checkMagic(raw);
            GzipCompressorInputStream gzip = GzipCompressorInputStream.builder().setInputStream(raw)
                    .setDecompressConcatenated(false).get();
            // Inflate on a second thread while this one writes files, as tar and gzip do in two processes.
            try (ReadAheadPipe inflated = new ReadAheadPipe(gzip, 4)) {
                GuardedInputStream guarded = new GuardedInputStream(inflated, limits, gzip::getCompressedCount,
                        deadline);
                TarArchiveInputStream tar = new CheckedTarInputStream(guarded);
                Unpacked result = unpackEntries(tar, guarded, staging);
                checkTrailer(guarded, raw);
                return result;
            }
        } catch (GuardedInputStream.LimitExceeded e) {
            throw limitRejection(e.reason);
        } catch (PluginException e) {
            throw e;
        } catch (EOFException e) {
            throw BundleRejection.corrupt("unexpected end of data");
        } catch (IOException e) {
            if (isOutOfSpace(e)) {
                throw noSpace();
            }
            throw BundleRejection.corrupt(describe(e));
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            // Commons Compress reports some malformed headers with unchecked exceptions.
            throw BundleRejection.corrupt(describe(e));
        }
    }

    private static void checkMagic(BufferedInputStream raw) throws IOException {
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        if (b1 != 0x1f || b2 != 0x8b) {
            throw BundleRejection.notGzip();
        }
    }

    private Unpacked unpackEntries(TarArchiveInputStream tar, GuardedInputStream guarded, Path staging)
            throws IOException {
        Set<String> explicit = new HashSet<>();
        Set<String> files = new HashSet<>();
        Set<String> implicitDirs = new HashSet<>();
        Map<String, String> folded = new HashMap<>();
        byte[] buffer = new byte[64 * 1024];
        java.nio.file.FileStore disk = Files.getFileStore(staging);
        Set<Path> madeDirs = new HashSet<>();
        int entries = 0;
        long written = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            guarded.checkTime();
            if (++entries > limits.maxEntries()) {
                throw BundleRejection.extract("too many files",
                        "A bundle may hold at most " + limits.maxEntries() + " files and folders.");
            }
            boolean directory = checkType(entry);
            List<String> parts = EntryName.check(entry.getName(), directory, limits);
            if (parts.isEmpty()) {
                continue; // the "./" entry of the archive root
            }
            String name = String.join("/", parts);
            if (parts.get(parts.size() - 1).equals(INSTALL_RECORD)) {
                throw BundleRejection.unsafeName(entry.getName(), "reserved name");
            }
            checkUnique(entry.getName(), name, parts, directory, explicit, files, implicitDirs, folded);
            Path target = resolveInside(staging, parts, entry.getName());
            if (directory) {
                makeDirs(target, madeDirs);
                continue;
            }
            long declared = entry.getSize();
            if (declared < 0 || declared > limits.maxEntryBytes()) {
                throw BundleRejection.extract("file too large " + BundleRejection.quote(entry.getName()),
                        "A single file may be at most " + limits.maxEntryBytes() / (1024 * 1024) + " MiB.");
            }
            if (written + declared > limits.maxUnpackedBytes()) {
                throw BundleRejection.tooLargeUnpacked();
            }
            checkDiskSpace(disk, declared);
            makeDirs(target.getParent(), madeDirs);
            long copied = copy(tar, target, buffer);
            written += copied;
            boolean executable = (entry.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(target, executable ? EXEC_MODE : FILE_MODE);
        }
        setDirectoryModes(staging);
        return new Unpacked(staging, entries, written);
    }

    // Bundles hold many files per folder: remember what exists instead of asking the disk each time.
    private static void makeDirs(Path dir, Set<Path> made) throws IOException {
        if (made.add(dir)) {
            Files.createDirectories(dir);
        }
    }

    /** Returns whether the entry is a directory; refuses every type but regular files and folders. */
    private static boolean checkType(TarArchiveEntry entry) {
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw BundleRejection.extract("links are not allowed " + BundleRejection.quote(entry.getName()),
                    "Replace links with the files themselves.");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw BundleRejection.extract("special files are not allowed " + BundleRejection.quote(entry.getName()),
                    "A bundle may hold only plain files and folders.");
        }
        if (entry.isSparse() || entry.isStarSparse() || entry.isPaxGNUSparse() || entry.isOldGNUSparse()) {
            throw BundleRejection.extract("unsupported entry type (sparse) " + BundleRejection.quote(entry.getName()),
                    "A bundle may hold only plain files and folders.");
        }
        byte flag = entry.getLinkFlag();
        if (flag == TarConstants.LF_DIR) {
            return true;
        }
        if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) {
            if (entry.getName().endsWith("/")) {
                throw BundleRejection.unsafeName(entry.getName(), "a file name cannot end with \"/\"");
            }
            return false;
        }
        throw BundleRejection.extract("unsupported entry type '" + (char) flag + "' "
                + BundleRejection.quote(entry.getName()), "A bundle may hold only plain files and folders.");
    }

    private static void checkUnique(String raw, String name, List<String> parts, boolean directory,
                                    Set<String> explicit, Set<String> files, Set<String> implicitDirs,
                                    Map<String, String> folded) {
        if (!explicit.add(name)) {
            throw BundleRejection.extract("duplicate entry " + BundleRejection.quote(raw),
                    "Each file may appear only once in a bundle.");
        }
        if (!directory && implicitDirs.contains(name)) {
            throw BundleRejection.extract("conflicting file names " + BundleRejection.quote(raw),
                    "A name cannot be both a file and a folder.");
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.size() - 1; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts.get(i));
            String dir = prefix.toString();
            if (files.contains(dir)) {
                throw BundleRejection.extract("conflicting file names " + BundleRejection.quote(raw),
                        "A name cannot be both a file and a folder.");
            }
            implicitDirs.add(dir);
            claimFolded(raw, dir, folded);
        }
        if (!directory) {
            files.add(name);
        }
        claimFolded(raw, name, folded);
    }

    // Two names equal but for case would collide on Windows, macOS and SMB-mounted stores.
    private static void claimFolded(String raw, String name, Map<String, String> folded) {
        String previous = folded.putIfAbsent(EntryName.foldKey(name), name);
        if (previous != null && !previous.equals(name)) {
            throw BundleRejection.extract("conflicting file names " + BundleRejection.quote(raw),
                    "Two names differ only in upper and lower case.");
        }
    }

    private static Path resolveInside(Path staging, List<String> parts, String raw) {
        Path target = staging;
        for (String part : parts) {
            target = target.resolve(part);
        }
        target = target.normalize();
        if (!target.startsWith(staging) || target.equals(staging)) {
            throw BundleRejection.unsafePath(raw);
        }
        return target;
    }

    private long copy(InputStream in, Path target, byte[] buffer) throws IOException {
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limits.maxEntryBytes()) {
                    throw BundleRejection.extract("file too large", "A single file may be at most "
                            + limits.maxEntryBytes() / (1024 * 1024) + " MiB.");
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw BundleRejection.extract("duplicate entry", "Each file may appear only once in a bundle.");
        }
        return total;
    }

    private void checkDiskSpace(java.nio.file.FileStore disk, long needed) throws IOException {
        long usable = disk.getUsableSpace();
        if (usable - needed < limits.reserveDiskBytes()) {
            throw noSpace();
        }
    }

    private static void setDirectoryModes(Path staging) throws IOException {
        try (var walk = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, DIR_MODE);
                }
            }
        }
    }

    /**
     * After the tar end marker only zero padding may follow, and nothing after the gzip member:
     * readers disagree about trailing data, so it is refused rather than ignored.
     */
    private static void checkTrailer(GuardedInputStream guarded, BufferedInputStream raw) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = guarded.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] != 0) {
                    throw BundleRejection.corrupt("data after the end of the archive");
                }
            }
        }
        if (raw.read() != -1) {
            throw BundleRejection.corrupt("data after the end of the gzip stream");
        }
    }

    private static PluginException limitRejection(String reason) {
        return switch (reason) {
            case "time" -> BundleRejection.extract("bundle processing timed out",
                    "The bundle took too long to unpack; rebuild it with standard gzip and tar.");
            case "ratio", "size" -> BundleRejection.tooLargeUnpacked();
            default -> BundleRejection.corrupt(reason);
        };
    }

    static PluginException noSpace() {
        return new PluginException(ErrorIds.NO_SPACE, PluginException.Kind.INSUFFICIENT_STORAGE,
                "Not enough disk space to install the plugin. Free space on the server's disk and try again.",
                "not enough disk space", null);
    }

    static boolean isOutOfSpace(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"));
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // Reader messages may quote archive content; keep them short and printable.
        return BundleRejection.quote(message).replace("\"", "");
    }
}
