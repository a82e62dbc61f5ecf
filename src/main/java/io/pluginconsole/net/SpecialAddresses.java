package io.pluginconsole.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges an outbound download must not reach unless an administrator allows them:
 * this host, private and shared networks, link-local (cloud metadata services), multicast,
 * reserved and documentation ranges. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4)
 * are judged by the IPv4 address inside. The JDK's {@code isSiteLocalAddress()} and friends are
 * not used: they miss CGNAT, ULA and the embedded forms.
 */
public final class SpecialAddresses {

    private record Range(Cidr cidr, String description) {
    }

    private static final List<Range> V4 = List.of(
            range("0.0.0.0/8", "an unspecified (\"this network\") address"),
            range("10.0.0.0/8", "a private address"),
            range("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address (cloud metadata services live there)"),
            range("172.16.0.0/12", "a private address"),
            range("192.0.0.0/24", "a reserved (IETF protocol) address"),
            range("192.0.2.0/24", "a documentation address"),
            range("192.88.99.0/24", "a reserved (6to4 relay) address"),
            range("192.168.0.0/16", "a private address"),
            range("198.18.0.0/15", "a benchmarking address"),
            range("198.51.100.0/24", "a documentation address"),
            range("203.0.113.0/24", "a documentation address"),
            range("224.0.0.0/4", "a multicast address"),
            range("255.255.255.255/32", "the broadcast address"),
            range("240.0.0.0/4", "a reserved address"));

    private static final List<Range> V6 = List.of(
            range("::/128", "an unspecified address"),
            range("::1/128", "a loopback address"),
            range("::/96", "an IPv4-compatible IPv6 address (deprecated)"),
            range("64:ff9b:1::/48", "a local-use NAT64 address"),
            range("100::/64", "a discard-only address"),
            range("2001::/32", "a Teredo tunnel address"),
            range("2001:2::/48", "a benchmarking address"),
            range("2001:10::/28", "a reserved (ORCHID) address"),
            range("2001:20::/28", "a reserved (ORCHIDv2) address"),
            range("2001:db8::/32", "a documentation address"),
            range("3fff::/20", "a documentation address"),
            range("fc00::/7", "a private (unique local) address"),
            range("fe80::/10", "a link-local address"),
            range("fec0::/10", "a site-local address (deprecated)"),
            range("ff00::/8", "a multicast address"));

    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private SpecialAddresses() {
    }

    /** Why the address is special (e.g. "a loopback address"), or empty for an ordinary public address. */
    public static Optional<String> describe(InetAddress address) {
        return describe(address.getAddress());
    }

    /** As {@link #describe(InetAddress)}, for 4 or 16 raw bytes (an IPv4-mapped address may stay 16 bytes). */
    public static Optional<String> describe(byte[] bytes) {
        if (bytes.length == 16) {
            byte[] embedded = null;
            String form = null;
            if (MAPPED.contains(bytes)) {
                embedded = slice(bytes, 12);
                form = "an IPv4-mapped address";
            } else if (NAT64.contains(bytes)) {
                embedded = slice(bytes, 12);
                form = "a NAT64 address";
            } else if (SIX_TO_FOUR.contains(bytes)) {
                embedded = slice(bytes, 2);
                form = "a 6to4 address";
            }
            if (embedded != null) {
                Optional<String> inner = describe4(embedded);
                String ipv4 = toAddress(embedded).getHostAddress();
                String wrapper = form;
                return inner.map(d -> wrapper + " of " + ipv4 + ", " + d);
            }
            for (Range range : V6) {
                if (range.cidr().contains(bytes)) {
                    return Optional.of(range.description());
                }
            }
            return Optional.empty();
        }
        return describe4(bytes);
    }

    private static Optional<String> describe4(byte[] bytes) {
        for (Range range : V4) {
            if (range.cidr().contains(bytes)) {
                return Optional.of(range.description());
            }
        }
        return Optional.empty();
    }

    private static byte[] slice(byte[] bytes, int from) {
        byte[] result = new byte[4];
        System.arraycopy(bytes, from, result, 0, 4);
        return result;
    }

    private static InetAddress toAddress(byte[] v4) {
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Range range(String cidr, String description) {
        return new Range(Cidr.parse(cidr), description);
    }
}
