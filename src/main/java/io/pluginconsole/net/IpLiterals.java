package io.pluginconsole.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads IP address literals without ever asking DNS, and recognises the numeric host spellings
 * that different parsers read differently ({@code 127.1}, {@code 2130706433}, {@code 0177.0.0.1},
 * {@code 0x7f.0.0.1}), so that such a host is never handed to a resolver as a "name".
 */
public final class IpLiterals {
    private static final Pattern CANONICAL_V4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    /** How a host spells a number, if it does. */
    public enum NumericForm {
        /** Not a numeric host: a name (or an IPv6 literal). */
        NONE,
        /** Dotted decimal a.b.c.d, each part 0-255 without leading zeros. */
        CANONICAL,
        /** Decimal but shortened or as one number: 127.1, 2130706433, 0. */
        SHORTHAND,
        /** A part in octal (leading 0) or hexadecimal (0x): parsers disagree on these. */
        OCTAL_OR_HEX
    }

    private IpLiterals() {
    }

    /** Canonical dotted-quad IPv4, or IPv6 with or without brackets (no zone id); else null. */
    public static byte[] parseLiteral(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        } else if (h.startsWith("[") || h.endsWith("]")) {
            return null;
        }
        if (CANONICAL_V4.matcher(h).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = h.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                bytes[i] = (byte) v;
            }
            return bytes;
        }
        if (h.indexOf(':') >= 0 && V6_CHARS.matcher(h).matches()) {
            return parseV6(h);
        }
        return null;
    }

    /**
     * RFC 4291 text form, 16 bytes; an IPv4-mapped address stays 16 bytes (the JDK would turn it
     * into an IPv4 address). Null when malformed.
     */
    static byte[] parseV6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0 || tail.isEmpty());
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        for (int i = 0; i < tailGroups.length; i++) {
            int at = 8 - tailGroups.length + i;
            bytes[2 * at] = (byte) (tailGroups[i] >> 8);
            bytes[2 * at + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted IPv4 address when {@code v4Allowed}. */
    private static int[] groups(String part, boolean v4Allowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        java.util.List<Integer> result = new java.util.ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (item.indexOf('.') >= 0) {
                if (!v4Allowed || i != items.length - 1 || !CANONICAL_V4.matcher(item).matches()) {
                    return null;
                }
                byte[] v4 = parseLiteral(item);
                if (v4 == null) {
                    return null;
                }
                result.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                result.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else {
                if (item.isEmpty() || item.length() > 4) {
                    return null;
                }
                result.add(Integer.parseInt(item, 16));
            }
        }
        return result.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The address for a literal, or null. */
    public static InetAddress toAddress(String host) {
        byte[] bytes = parseLiteral(host);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Classifies a host (without brackets) that might be a number. A trailing dot is ignored. */
    public static NumericForm numericForm(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty()) {
            return NumericForm.NONE;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4 && allNumeric(parts)) {
            return NumericForm.OCTAL_OR_HEX; // not an address in any parser's reading; refuse as malformed
        }
        if (!allNumeric(parts)) {
            return NumericForm.NONE;
        }
        if (CANONICAL_V4.matcher(h).matches() && parseLiteral(h) != null) {
            return NumericForm.CANONICAL;
        }
        for (String part : parts) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.startsWith("0x") || (p.length() > 1 && p.startsWith("0"))) {
                return NumericForm.OCTAL_OR_HEX;
            }
        }
        return NumericForm.SHORTHAND;
    }

    /**
     * The IPv4 address a decimal shorthand stands for in the classic inet_aton reading (the last
     * part fills the remaining bytes): 127.1 is 127.0.0.1, 2130706433 is 127.0.0.1. Null when a part
     * is out of range.
     */
    public static InetAddress shorthandValue(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 10) {
                return null;
            }
            values[i] = Long.parseLong(parts[i]);
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int lastBytes = 4 - (parts.length - 1);
        if (last >= (1L << (8 * lastBytes))) {
            return null;
        }
        result |= last;
        byte[] bytes = {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean allNumeric(String[] parts) {
        for (String part : parts) {
            if (!NUMERIC_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }
}
