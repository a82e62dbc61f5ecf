package io.pluginconsole.web.pluginroutes;

/**
 * A value of the {@code Forwarded} header (RFC 7239), always sent as a quoted string: valid for
 * every value, and required for an IPv6 address or a host with a port.
 */
final class ForwardedValue {
    private ForwardedValue() {
    }

    static String quoted(String value) {
        if (value == null) {
            return "\"\"";
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
}
