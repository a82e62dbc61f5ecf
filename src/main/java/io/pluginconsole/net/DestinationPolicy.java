package io.pluginconsole.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether an outbound connection may go to a host and the addresses it resolved to:
 * special addresses ({@link SpecialAddresses}), this server's own addresses and names of this
 * server or of cloud metadata services are refused unless listed in
 * ServiceSettings.AllowedUntrustedInternalConnections. Every address must pass, so a name that
 * answers with one public and one internal address is refused.
 */
public final class DestinationPolicy {
    public static final String SETTING = "ServiceSettings.AllowedUntrustedInternalConnections";
    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "localhost.localdomain", "ip6-localhost",
            "ip6-loopback", "metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal");

    private final AllowedInternalConnections allowed;
    private final Supplier<Set<InetAddress>> ownAddresses;

    public DestinationPolicy(AllowedInternalConnections allowed, Supplier<Set<InetAddress>> ownAddresses) {
        this.allowed = allowed;
        this.ownAddresses = ownAddresses;
    }

    public DestinationPolicy(AllowedInternalConnections allowed) {
        this(allowed, DestinationPolicy::interfaceAddresses);
    }

    public AllowedInternalConnections allowed() {
        return allowed;
    }

    /** Refuses names that always mean this server or a metadata service, before any lookup. */
    public Optional<String> refuseName(String host) {
        String name = normalise(host);
        if (allowed.allowsHost(name)) {
            return Optional.empty();
        }
        if (INTERNAL_NAMES.contains(name) || name.endsWith(".localhost")) {
            String what = name.contains("metadata") || name.contains("instance-data")
                    ? "the name of a cloud metadata service" : "a name of this server itself";
            return Optional.of(name + " is " + what + ". To allow it, add " + name + " to " + SETTING + ".");
        }
        return Optional.empty();
    }

    /**
     * Checks every address a host resolved to (or the literal address the URL named). Empty when
     * the connection may be made; otherwise what is wrong and how to allow it.
     */
    public Optional<String> refuse(String host, List<InetAddress> addresses) {
        String name = normalise(host);
        Optional<String> byName = refuseName(name);
        if (byName.isPresent()) {
            return byName;
        }
        if (allowed.allowsHost(name)) {
            return Optional.empty();
        }
        boolean literal = IpLiterals.parseLiteral(name) != null;
        Set<InetAddress> own = null;
        for (InetAddress address : addresses) {
            if (allowed.allowsAddress(address)) {
                continue;
            }
            Optional<String> why = SpecialAddresses.describe(address);
            if (why.isEmpty()) {
                if (own == null) {
                    own = ownAddresses.get();
                }
                if (own.contains(address)) {
                    why = Optional.of("an address of this server");
                }
            }
            if (why.isPresent()) {
                String ip = address.getHostAddress();
                if (literal) {
                    return Optional.of(display(name) + " is " + why.get() + ". To allow it, add " + ip
                            + " to " + SETTING + ".");
                }
                return Optional.of(name + " resolves to " + ip + ", " + why.get() + ". To allow it, add " + name
                        + " (or " + suggestedRange(address) + ") to " + SETTING + ".");
            }
        }
        return Optional.empty();
    }

    /** The literal's own spelling for messages: IPv6 in brackets as in the URL. */
    private static String display(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static String suggestedRange(InetAddress address) {
        int prefix = address.getAddress().length == 4 ? 24 : 64;
        return new Cidr(address.getAddress(), prefix).toString();
    }

    private static String normalise(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    /** The addresses of this machine's network interfaces. */
    public static Set<InetAddress> interfaceAddresses() {
        Set<InetAddress> result = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                result.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: the range checks still apply
        }
        return result;
    }
}
