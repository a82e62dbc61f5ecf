package io.pluginconsole.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address: after {@code free} failures within a minute each further
 * attempt from that address must wait, so one address cannot spray passwords across accounts.
 */
public final class LoginThrottle {
    private final int free;
    private final ConcurrentHashMap<String, long[]> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int free) {
        this.free = free;
    }

    /** Seconds the address must wait before the next attempt; 0 when it may try now. */
    public long waitSeconds(String address, long now) {
        long[] entry = failures.get(address == null ? "" : address);
        if (entry == null) {
            return 0;
        }
        synchronized (entry) {
            if (now - entry[1] > 60_000) {
                return 0;
            }
            return entry[0] >= free ? Math.max(1, (entry[1] + 60_000 - now) / 1000) : 0;
        }
    }

    public void failure(String address, long now) {
        long[] entry = failures.computeIfAbsent(address == null ? "" : address, k -> new long[2]);
        synchronized (entry) {
            if (now - entry[1] > 60_000) {
                entry[0] = 0;
            }
            entry[0]++;
            entry[1] = now;
        }
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under a flood of addresses
        }
    }
}
