package io.pluginconsole.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted in leaky buckets: every failure adds one, and one drains away per
 * {@link Limit#drain()}. A full bucket refuses further attempts until it has drained below its
 * capacity; it never fills beyond its capacity, so a refusal ends at most one drain period after the
 * last failure, however long someone keeps trying.
 *
 * <p>Two kinds of bucket: one per (account, client address), so that someone guessing from
 * elsewhere cannot keep the owner out, and one per client address across all accounts, so that one
 * address cannot spray passwords over many accounts. IPv6 clients count per /64, the block one
 * subscriber usually holds.
 */
public final class LoginThrottle {
    /** A bucket that holds {@code capacity} failures and lets one drain away every {@code drain}. */
    public record Limit(int capacity, Duration drain) {
        public Limit {
            if (capacity < 1 || drain.isNegative() || drain.isZero()) {
                throw new IllegalArgumentException("a limit needs a capacity of at least 1 and a positive drain");
            }
        }
    }

    /** Five failures for one account from one address, then one more try a minute. */
    public static final Limit PER_ACCOUNT = new Limit(5, Duration.ofMinutes(1));
    /** Twenty failures from one address over all accounts, then one more every 15 seconds. */
    public static final Limit PER_ADDRESS = new Limit(20, Duration.ofSeconds(15));

    private static final int MAX_BUCKETS = 50_000;

    private final Limit perAccount;
    private final Limit perAddress;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public LoginThrottle(Limit perAccount, Limit perAddress, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.clock = clock;
    }

    public LoginThrottle(Clock clock) {
        this(PER_ACCOUNT, PER_ADDRESS, clock);
    }

    /** Seconds the address must wait before its next attempt at any account; 0 when it may try now. */
    public long addressWaitSeconds(String address) {
        Bucket bucket = buckets.get(addressKey(address));
        return bucket == null ? 0 : bucket.waitSeconds(perAddress, clock.millis());
    }

    /** Whether attempts at this account from this address are refused for now. */
    public boolean accountLocked(String userId, String address) {
        Bucket bucket = buckets.get(accountKey(userId, address));
        return bucket != null && bucket.waitSeconds(perAccount, clock.millis()) > 0;
    }

    /** A failed attempt from the address; {@code userId} is null when no such account exists. */
    public void failure(String userId, String address) {
        long now = clock.millis();
        bucket(addressKey(address)).add(perAddress, now);
        if (userId != null) {
            bucket(accountKey(userId, address)).add(perAccount, now);
        }
    }

    /** A successful sign-in empties that account's bucket for the address (not the address's own). */
    public void success(String userId, String address) {
        buckets.remove(accountKey(userId, address));
    }

    private Bucket bucket(String key) {
        if (buckets.size() >= MAX_BUCKETS && !buckets.containsKey(key)) {
            sweep();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket());
    }

    /** Bounded memory under a flood of addresses: drop drained buckets, and everything as a last resort. */
    private void sweep() {
        long now = clock.millis();
        buckets.entrySet().removeIf(e -> e.getValue().isEmpty(e.getKey().startsWith("a\n") ? perAddress : perAccount,
                now));
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
    }

    private static String addressKey(String address) {
        return "a\n" + network(address);
    }

    private static String accountKey(String userId, String address) {
        return "u\n" + userId + "\n" + network(address);
    }

    /** The address as counted: IPv4 as is, IPv6 by its /64. Only literals are parsed, never looked up. */
    static String network(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            int zone = literal.indexOf('%');
            byte[] bytes = InetAddress.getByName(zone < 0 ? literal : literal.substring(0, zone)).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress(); // ::ffff:a.b.c.d
            }
            byte[] prefix = Arrays.copyOf(Arrays.copyOf(bytes, 8), 16);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    /** A leaky bucket: the level it had at {@code at}, draining linearly since. */
    private static final class Bucket {
        private double level;
        private long at;

        private double levelAt(Limit limit, long now) {
            double drained = Math.max(0, now - at) / (double) limit.drain().toMillis();
            return Math.max(0, level - drained);
        }

        synchronized void add(Limit limit, long now) {
            level = Math.min(limit.capacity(), levelAt(limit, now) + 1);
            at = Math.max(at, now);
        }

        synchronized long waitSeconds(Limit limit, long now) {
            double over = levelAt(limit, now) - (limit.capacity() - 1);
            if (over <= 0) {
                return 0;
            }
            return Math.max(1, (long) Math.ceil(over * limit.drain().toMillis() / 1000.0));
        }

        synchronized boolean isEmpty(Limit limit, long now) {
            return levelAt(limit, now) == 0;
        }
    }
}
