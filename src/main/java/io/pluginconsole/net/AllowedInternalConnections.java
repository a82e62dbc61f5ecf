package io.pluginconsole.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mattermost's {@code ServiceSettings.AllowedUntrustedInternalConnections}: a whitespace or comma
 * separated list of host names (matched exactly, case-insensitively; every address they resolve to
 * is then allowed), IP addresses and CIDR ranges (an address inside one is allowed whatever name
 * led to it). Used for an intranet plugin repository that outbound downloads may reach.
 */
public final class AllowedInternalConnections {
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*");
    private static final AllowedInternalConnections NONE = new AllowedInternalConnections(Set.of(), List.of());

    private final Set<String> hosts;
    private final List<Cidr> ranges;

    private AllowedInternalConnections(Set<String> hosts, List<Cidr> ranges) {
        this.hosts = hosts;
        this.ranges = ranges;
    }

    public static AllowedInternalConnections none() {
        return NONE;
    }

    /** Parses the setting; an entry that is neither a host name nor an address or range is an error naming it. */
    public static AllowedInternalConnections parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        Set<String> hosts = new LinkedHashSet<>();
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : setting.trim().split("[\\s,]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.contains("/") || IpLiterals.parseLiteral(lower) != null) {
                try {
                    ranges.add(Cidr.parse(lower));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the entry \"" + entry + "\" is not a valid CIDR range: "
                            + e.getMessage() + " (write it like 10.1.2.0/24 or fd00::/8)");
                }
                continue;
            }
            if (IpLiterals.numericForm(lower) != IpLiterals.NumericForm.NONE) {
                throw new IllegalArgumentException("the entry \"" + entry
                        + "\" is not a dotted-decimal IP address (write it like 10.1.2.3)");
            }
            String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
            if (!HOST_NAME.matcher(name).matches() || name.length() > 253) {
                throw new IllegalArgumentException("the entry \"" + entry
                        + "\" is neither a host name, an IP address nor a CIDR range");
            }
            hosts.add(name);
        }
        return new AllowedInternalConnections(Set.copyOf(hosts), List.copyOf(ranges));
    }

    /** True when the host name itself is listed (then whatever it resolves to is allowed). */
    public boolean allowsHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return hosts.contains(name);
    }

    /** True when the address lies in a listed address or range (IPv4-mapped IPv6 counts as its IPv4 address). */
    public boolean allowsAddress(InetAddress address) {
        return allowsAddress(address.getAddress());
    }

    public boolean allowsAddress(byte[] bytes) {
        for (Cidr range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        if (bytes.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            if (mapped) {
                return allowsAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return hosts.isEmpty() && ranges.isEmpty();
    }
}
