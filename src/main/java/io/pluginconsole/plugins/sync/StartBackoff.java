package io.pluginconsole.plugins.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When a plugin that failed to start is tried again: after 15 s, then twice as long after each
 * further failure, at most every 10 minutes. A start that succeeds, or an administrator's enable,
 * forgets the failures.
 */
public final class StartBackoff {
    static final Duration FIRST = Duration.ofSeconds(15);
    static final Duration LONGEST = Duration.ofMinutes(10);

    private record Failures(int count, long nextTryNanos) {
    }

    private final LongSupplier nanoClock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public StartBackoff(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public StartBackoff() {
        this(System::nanoTime);
    }

    /** Records a failed start and returns how long until the next try. */
    public Duration failed(String id) {
        Failures next = failures.compute(id, (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            return new Failures(count, nanoClock.getAsLong() + delay(count).toNanos());
        });
        return delay(next.count());
    }

    /** Whether a plugin that failed may be tried again now (true when it never failed). */
    public boolean due(String id) {
        Failures known = failures.get(id);
        return known == null || nanoClock.getAsLong() - known.nextTryNanos() >= 0;
    }

    /** How many starts failed in a row (0 when the last one worked). */
    public int failures(String id) {
        Failures known = failures.get(id);
        return known == null ? 0 : known.count();
    }

    public void forget(String id) {
        failures.remove(id);
    }

    static Duration delay(int failures) {
        Duration wait = FIRST;
        for (int i = 1; i < failures && wait.compareTo(LONGEST) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
