package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging stops as soon as the free space falls below the reserve. The disk is simulated: its
 * free space is a fixed budget minus what the staging folder really holds, so the test never
 * fills a real disk.
 */
class StagingReserveTest {
    static final long MIB = 1024 * 1024;
    @TempDir
    Path root;

    /** A disk of {@code budget} bytes of which the staging folder's files are the only use. */
    private FreeSpaceReserve reserve(Path staging, long budget, long reserveBytes) {
        return new FreeSpaceReserve(root, () -> reserveBytes, f -> budget - sizeOf(staging));
    }

    @Test
    void aStreamThatWouldEatIntoTheReserveIsStoppedAndItsFileDeleted() {
        Path staging = root.resolve(".staging");
        BundleStager stager = new BundleStager(staging, reserve(staging, 8 * MIB, 4 * MIB));
        CountingZeros body = new CountingZeros(20 * MIB);
        assertThatThrownBy(() -> stager.stage(body, Long.MAX_VALUE))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PluginException.Kind.INSUFFICIENT_STORAGE);
                    assertThat(e.getMessage()).contains("FileSettings.FreeSpaceReserveBytes");
                });
        // Stopped within a check interval of crossing the reserve, far before the end of the stream.
        assertThat(body.served).isLessThanOrEqualTo(6 * MIB);
        assertThat(sizeOf(staging)).isZero();
    }

    @Test
    void aBundleThatFitsAboveTheReserveIsStaged() {
        Path staging = root.resolve(".staging");
        BundleStager stager = new BundleStager(staging, reserve(staging, 8 * MIB, 4 * MIB));
        try (StagedBundle staged = stager.stage(new CountingZeros(3 * MIB), Long.MAX_VALUE)) {
            assertThat(staged.size()).isEqualTo(3 * MIB);
        }
    }

    @Test
    void theDeclaredSizeIsCheckedBeforeAnythingIsReceived() {
        Path staging = root.resolve(".staging");
        BundleStager stager = new BundleStager(staging, reserve(staging, 8 * MIB, 4 * MIB));
        stager.requireRoomFor(4 * MIB);
        assertThatThrownBy(() -> stager.requireRoomFor(4 * MIB + 1))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("This bundle needs up to 4.0 MiB");
    }

    private static long sizeOf(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code length} zero bytes, counting how many were read. */
    static final class CountingZeros extends InputStream {
        private final long length;
        long served;

        CountingZeros(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (served >= length) {
                return -1;
            }
            served++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - served);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            served += n;
            return n;
        }
    }
}
