package io.pluginconsole.logs;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * How many reads of the log may run at once. Each read keeps up to a page (about
 * {@link LogReader#PAGE_BYTES}) in memory and scans the files, so a few at a time is plenty;
 * further readers are told to come back rather than queued.
 */
public final class LogReads {
    public static final int MAX_AT_ONCE = 2;
    /** What a refused reader is told to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final Semaphore permits = new Semaphore(MAX_AT_ONCE);

    /** A permit to read, to be closed when done; empty when {@value #MAX_AT_ONCE} reads are running. */
    public Optional<Permit> tryStart() {
        return permits.tryAcquire() ? Optional.of(new Permit(permits)) : Optional.empty();
    }

    /** One running read; closing it (once) lets another one start. */
    public static final class Permit implements AutoCloseable {
        private Semaphore permits;

        private Permit(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (permits != null) {
                permits.release();
                permits = null;
            }
        }
    }
}
