package io.pluginconsole.plugins.bundle;

import java.time.Duration;

/**
 * Hard limits applied while a bundle is read, below the tar parser, so that no input can make the
 * reader use unbounded disk, memory or time. The defaults leave room for the largest real plugins
 * (several platform executables) and for Mattermost's 10,000-file test bundle.
 */
public record BundleLimits(
        long maxUnpackedBytes,
        long maxEntryBytes,
        int maxEntries,
        int maxPathBytes,
        int maxComponentBytes,
        int maxDepth,
        int maxManifestBytes,
        double maxCompressionRatio,
        long ratioCheckAfterBytes,
        Duration timeBudget,
        long reserveDiskBytes) {

    public static BundleLimits defaults() {
        return new BundleLimits(
                1024L * 1024 * 1024,
                512L * 1024 * 1024,
                20_000,
                1024,
                255,
                32,
                64 * 1024,
                100.0,
                8L * 1024 * 1024,
                Duration.ofSeconds(120),
                64L * 1024 * 1024);
    }

    public BundleLimits withTimeBudget(Duration budget) {
        return new BundleLimits(maxUnpackedBytes, maxEntryBytes, maxEntries, maxPathBytes, maxComponentBytes,
                maxDepth, maxManifestBytes, maxCompressionRatio, ratioCheckAfterBytes, budget, reserveDiskBytes);
    }

    public BundleLimits withReserveDiskBytes(long bytes) {
        return new BundleLimits(maxUnpackedBytes, maxEntryBytes, maxEntries, maxPathBytes, maxComponentBytes,
                maxDepth, maxManifestBytes, maxCompressionRatio, ratioCheckAfterBytes, timeBudget, bytes);
    }
}
