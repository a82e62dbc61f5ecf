package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per plugin id, so installs and removals of the same plugin never interleave. */
public final class PluginLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final long waitMillis;

    public PluginLocks(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** Runs {@code work} holding the id's lock; a second operation waits, then gives up clearly. */
    public <T> T withLock(String id, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        try {
            if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                throw busy(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(id);
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    static PluginException busy(String id) {
        return new PluginException(ErrorIds.BUSY, PluginException.Kind.BUSY,
                "Another install or removal of " + id + " is in progress. Try again when it has finished.",
                "plugin busy", null);
    }
}
