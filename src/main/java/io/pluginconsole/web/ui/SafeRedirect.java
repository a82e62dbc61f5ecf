package io.pluginconsole.web.ui;

/** Where to go after sign-in: only a path on this server, never another site. */
final class SafeRedirect {
    static final String HOME = "/admin_console/plugins/plugin_management";

    private SafeRedirect() {
    }

    static String target(String next) {
        if (next == null || next.isEmpty()) {
            return HOME;
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(next, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return HOME;
        }
        if (!decoded.startsWith("/") || decoded.startsWith("//") || decoded.contains("\\") || decoded.contains("//")
                || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || decoded.contains(":")) {
            return HOME;
        }
        return decoded;
    }
}
