package io.pluginconsole.plugins.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mattermost's health-check rule: each failure is recorded; at the third failure within the
 * window (60 minutes) the plugin is given up on (state Crashing), otherwise it is restarted.
 */
public final class CrashPolicy {
    private final int limit;
    private final Duration window;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public CrashPolicy(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    public static CrashPolicy mattermost() {
        return new CrashPolicy(3, Duration.ofMinutes(60));
    }

    /** Records a failure at {@code now}; true when the plugin should stop for good. */
    public boolean failed(String id, long now) {
        Deque<Long> times = failures.computeIfAbsent(id, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
            boolean giveUp = times.size() >= limit && now - times.peekFirst() <= window.toMillis();
            if (giveUp) {
                times.clear();
            }
            return giveUp;
        }
    }

    /** Forgets the history (the administrator enabled the plugin again). */
    public void reset(String id) {
        failures.remove(id);
    }
}
