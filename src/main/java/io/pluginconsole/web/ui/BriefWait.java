package io.pluginconsole.web.ui;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work a page waits for only briefly, such as starting a plugin (which may take up to its start
 * timeout): the answer comes after the work or after a short wait, whichever is first, and work
 * still running then finishes in the background and reports through {@code later}. A few threads
 * and a short queue bound what the console can have running this way.
 */
final class BriefWait {
    private final Duration wait;
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "console-plugin-start");
                t.setDaemon(true);
                return t;
            });

    BriefWait(Duration wait) {
        this.wait = wait;
        pool.allowCoreThreadTimeOut(true);
    }

    /** Thrown when too much is already running; nothing was started. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("Too many plugins are starting at once. Try again in a moment.");
        }
    }

    /**
     * Runs {@code work}; true when it ended within the wait (its unchecked exception is rethrown
     * here), false when it goes on, and {@code later} then runs once it has ended.
     */
    boolean run(Runnable work, Runnable later) {
        AtomicBoolean claimed = new AtomicBoolean();
        Future<?> task;
        try {
            task = pool.submit(() -> {
                try {
                    work.run();
                } finally {
                    // Whoever comes second reports: the page if it was still waiting, else this thread.
                    if (!claimed.compareAndSet(false, true)) {
                        later.run();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new Busy();
        }
        try {
            task.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                return false;
            }
            return waitToEnd(task);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }

    private static boolean waitToEnd(Future<?> task) {
        try {
            task.get();
            return true;
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
