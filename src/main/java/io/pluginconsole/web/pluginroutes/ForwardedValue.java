package io.pluginconsole.web.pluginroutes;

/**
 * A value of the {@code Forwarded} header (RFC 7239): sent as is when it is a token, otherwise as a
 * quoted string, as an IPv6 address or a host with a port must be.
 */
final class ForwardedValue {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private ForwardedValue() {
    }

    static String quoted(String value) {
        if (value == null) {
            return "\"\"";
        }
        if (!value.isEmpty() && isToken(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphaNumeric = c < 0x80 && Character.isLetterOrDigit(c);
            if (!alphaNumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
