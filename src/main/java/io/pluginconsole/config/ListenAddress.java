package io.pluginconsole.config;

/** A parsed {@code ServiceSettings.ListenAddress}: ":8065", "127.0.0.1:8065" or "[::1]:8065". */
public record ListenAddress(String host, int port) {

    /** Returns null when the text is not a valid address. */
    public static ListenAddress parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                return null;
            }
            return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
