package io.pluginconsole.web.pluginroutes;

import io.pluginconsole.plugins.runtime.PluginEndpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A request path under {@code /plugins/<id>}: the plugin id, the rest as sent (still encoded, "/"
 * when nothing follows) and decoded, for the routing decisions both plugin request handlers make.
 */
record PluginPath(String id, String rawRest, String decodedRest) {
    private static final String PREFIX = "/plugins/";

    /** Parses an encoded request path; empty when it is not a plugin request. */
    static Optional<PluginPath> parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX) || rawPath.length() == PREFIX.length()) {
            return Optional.empty();
        }
        int slash = rawPath.indexOf('/', PREFIX.length());
        String id = rawPath.substring(PREFIX.length(), slash < 0 ? rawPath.length() : slash);
        String rest = slash < 0 ? "/" : rawPath.substring(slash);
        try {
            String decoded = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
            return Optional.of(new PluginPath(URLDecoder.decode(id, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                    rest, decoded));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean isPublic() {
        return decodedRest.startsWith("/public/");
    }

    /** The server's own calls to the plugin are never reachable from outside, whatever the spelling. */
    boolean isReserved() {
        String collapsed = decodedRest.replaceAll("/+", "/").replace("/./", "/");
        String prefix = PluginEndpoint.RESERVED_PREFIX;
        return collapsed.startsWith(prefix) || collapsed.equals(prefix.substring(0, prefix.length() - 1));
    }
}
