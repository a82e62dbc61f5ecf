package io.pluginconsole.plugins.install;

import java.util.concurrent.TimeUnit;

/**
 * How many downloads run at once, and how many may wait for a turn. A download beyond both is
 * refused at once rather than holding a thread of the server while it waits.
 */
final class DownloadSlots {
    private final int maxRunning;
    private final int maxWaiting;
    private int running;
    private int waiting;

    /** Why no slot was given. */
    enum Refusal { FULL, TIMED_OUT, INTERRUPTED }

    static final class Refused extends Exception {
        final Refusal reason;

        Refused(Refusal reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }

    DownloadSlots(int maxRunning, int maxWaiting) {
        this.maxRunning = Math.max(1, maxRunning);
        this.maxWaiting = Math.max(0, maxWaiting);
    }

    int maxRunning() {
        return maxRunning;
    }

    int maxWaiting() {
        return maxWaiting;
    }

    /** Takes a slot, waiting until {@code deadline} (System.nanoTime) at most; release it with {@link #release}. */
    synchronized void acquire(long deadline) throws Refused {
        if (running < maxRunning && waiting == 0) {
            running++;
            return;
        }
        if (waiting >= maxWaiting) {
            throw new Refused(Refusal.FULL);
        }
        waiting++;
        try {
            while (running >= maxRunning) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Refused(Refusal.TIMED_OUT);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            running++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(Refusal.INTERRUPTED);
        } finally {
            waiting--;
        }
    }

    synchronized void release() {
        running--;
        notifyAll();
    }
}
