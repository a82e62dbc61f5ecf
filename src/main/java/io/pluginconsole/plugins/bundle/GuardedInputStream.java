package io.pluginconsole.plugins.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Sits between gzip and tar and enforces the unpacked-size cap, the compression-ratio cap and the
 * time budget on every byte the tar parser sees, headers included (a huge PAX header is read
 * here before the parser returns an entry).
 */
final class GuardedInputStream extends FilterInputStream {

    /** Thrown through the tar parser; the reader turns it into the matching rejection. */
    static final class LimitExceeded extends IOException {
        final String reason;

        LimitExceeded(String reason) {
            super(reason);
            this.reason = reason;
        }
    }

    private final BundleLimits limits;
    private final LongSupplier compressedBytes;
    private final long deadline;
    private long count;

    GuardedInputStream(InputStream in, BundleLimits limits, LongSupplier compressedBytes, long deadlineNanos) {
        super(in);
        this.limits = limits;
        this.compressedBytes = compressedBytes;
        this.deadline = deadlineNanos;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        checkTime();
        int b = super.read();
        if (b >= 0) {
            account(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkTime();
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            account(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Route skips through read() so skipped bytes are counted and decompressed under the guards.
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    void checkTime() throws LimitExceeded {
        if (System.nanoTime() - deadline > 0) {
            throw new LimitExceeded("time");
        }
    }

    private void account(int n) throws LimitExceeded {
        count += n;
        if (count > limits.maxUnpackedBytes()) {
            throw new LimitExceeded("size");
        }
        if (count > limits.ratioCheckAfterBytes()) {
            long compressed = Math.max(1, compressedBytes.getAsLong());
            if ((double) count / compressed > limits.maxCompressionRatio()) {
                throw new LimitExceeded("ratio");
            }
        }
    }
}
