package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Disk space that received bundles must leave free (FileSettings.FreeSpaceReserveBytes). The
 * embedded database and the configuration live on the same disk as the data folder; when a
 * bundle fills it, the database closes itself and nobody can sign in. So a bundle is refused
 * before it is received when it would not fit above the reserve, and stopped while it streams
 * as soon as the free space falls below it.
 */
public final class FreeSpaceReserve {
    public static final String SETTING = "FileSettings.FreeSpaceReserveBytes";
    private final Path folder;
    private final LongSupplier reserveBytes;
    private final ToLongFunction<Path> usableSpace;

    public FreeSpaceReserve(Path folder, LongSupplier reserveBytes) {
        this(folder, reserveBytes, FreeSpaceReserve::usableSpaceOf);
    }

    /** With another measure of the free space (a test cannot fill a real disk). */
    public FreeSpaceReserve(Path folder, LongSupplier reserveBytes, ToLongFunction<Path> usableSpace) {
        this.folder = folder;
        this.reserveBytes = reserveBytes;
        this.usableSpace = usableSpace;
    }

    /** A reserve that never refuses (tests and tools that do not receive bundles). */
    public static FreeSpaceReserve none(Path folder) {
        return new FreeSpaceReserve(folder, () -> 0, f -> Long.MAX_VALUE);
    }

    /** Refuses (507) unless {@code incomingBytes} more still leave the reserve free. */
    public void requireRoomFor(long incomingBytes) {
        long reserve = reserveBytes.getAsLong();
        if (reserve <= 0) {
            return;
        }
        long free = usableSpace.applyAsLong(folder);
        if (free - Math.max(0, incomingBytes) < reserve) {
            throw noRoom(free, incomingBytes, reserve);
        }
    }

    private PluginException noRoom(long free, long incoming, long reserve) {
        String needed = incoming > 0 ? " This bundle needs up to " + BundleStager.humanSize(incoming) + "." : "";
        return new PluginException(ErrorIds.NO_SPACE, PluginException.Kind.INSUFFICIENT_STORAGE,
                "Not enough free disk space for the plugin in " + folder + ": " + BundleStager.humanSize(free)
                        + " free, and " + BundleStager.humanSize(reserve) + " are kept free for the database and "
                        + "the configuration (" + SETTING + ")." + needed + " Free space on that disk, then try "
                        + "again.",
                "free " + free + " bytes, reserve " + reserve + " bytes, incoming " + incoming + " bytes", null);
    }

    /** The usable space of the disk holding the folder (or its nearest existing parent). */
    static long usableSpaceOf(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            // Unknown space does not block installs; a full disk still fails with its own error.
            return Long.MAX_VALUE;
        }
    }
}
