package io.pluginconsole.plugins.install;

import io.pluginconsole.net.DestinationPolicy;
import io.pluginconsole.net.HostResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fixed limits of a download: connect timeout, total time for the whole download (redirects
 * included), how many redirects are followed, how names are resolved, what counts as this
 * server's own addresses, and how many downloads run at once and may wait for a turn.
 */
public record FetchOptions(Duration connectTimeout, Duration totalTimeout, int maxRedirects, HostResolver resolver,
                           Supplier<Set<InetAddress>> ownAddresses, int maxConcurrent, int maxQueued) {

    public FetchOptions(Duration connectTimeout, Duration totalTimeout, int maxRedirects, HostResolver resolver,
                        Supplier<Set<InetAddress>> ownAddresses) {
        this(connectTimeout, totalTimeout, maxRedirects, resolver, ownAddresses, 4, 8);
    }

    public static FetchOptions defaults() {
        return new FetchOptions(Duration.ofSeconds(10), Duration.ofMinutes(5), 3, HostResolver.SYSTEM,
                DestinationPolicy::interfaceAddresses);
    }

    public FetchOptions withConcurrency(int concurrent, int queued) {
        return new FetchOptions(connectTimeout, totalTimeout, maxRedirects, resolver, ownAddresses, concurrent, queued);
    }

    public FetchOptions withTotalTimeout(Duration total) {
        return new FetchOptions(connectTimeout, total, maxRedirects, resolver, ownAddresses, maxConcurrent, maxQueued);
    }

    public FetchOptions withConnectTimeout(Duration connect) {
        return new FetchOptions(connect, totalTimeout, maxRedirects, resolver, ownAddresses, maxConcurrent, maxQueued);
    }

    public FetchOptions withResolver(HostResolver hostResolver) {
        return new FetchOptions(connectTimeout, totalTimeout, maxRedirects, hostResolver, ownAddresses, maxConcurrent, maxQueued);
    }

    public FetchOptions withOwnAddresses(Supplier<Set<InetAddress>> own) {
        return new FetchOptions(connectTimeout, totalTimeout, maxRedirects, resolver, own, maxConcurrent, maxQueued);
    }
}
