package io.pluginconsole.net;

import java.net.InetAddress;
import java.util.Arrays;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. IPv4 and IPv6 ranges never match each other. */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("not an IP address");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range");
        }
        network = mask(network, prefix);
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code v6/n} or a single address (a range of one). Only literal
     * addresses are accepted, IPv4 in dotted decimal; nothing is looked up in DNS.
     */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = IpLiterals.parseLiteral(address);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IP address");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = value.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("\"" + value + "\" has no valid prefix length after the /");
            }
            prefix = Integer.parseInt(bits);
            if (prefix > bytes.length * 8) {
                throw new IllegalArgumentException("\"" + value + "\" has a prefix longer than /" + bytes.length * 8);
            }
        }
        return new Cidr(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] = (byte) (result[i] & (0xff << (8 - bits)));
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.prefix == prefix && Arrays.equals(other.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
