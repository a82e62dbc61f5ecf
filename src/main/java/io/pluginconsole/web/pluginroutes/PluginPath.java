package io.pluginconsole.web.pluginroutes;

import io.pluginconsole.plugins.runtime.PluginEndpoint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A request path under {@code /plugins/<id>}: the plugin id, the rest as sent (still encoded, "/"
 * when nothing follows) and decoded, for the routing decisions both plugin request handlers make.
 *
 * <p>Plugins are written with any HTTP stack, and stacks disagree about dot segments, {@code ;}
 * parameters, empty segments and encoded separators: a path that looks harmless here may be
 * {@code /_plugin/configuration} to the plugin. So only canonical paths are forwarded, where one
 * percent-decoding gives the same segments to everybody; {@link #ambiguity()} says why a path is not.
 */
record PluginPath(String id, String rawRest, String decodedRest, String ambiguity) {
    private static final String PREFIX = "/plugins/";

    /** Parses an encoded request path; empty when it is not a plugin request. */
    static Optional<PluginPath> parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX) || rawPath.length() == PREFIX.length()) {
            return Optional.empty();
        }
        int slash = rawPath.indexOf('/', PREFIX.length());
        String rawId = rawPath.substring(PREFIX.length(), slash < 0 ? rawPath.length() : slash);
        String rest = slash < 0 ? "/" : rawPath.substring(slash);
        String problem = ambiguityOf(rawId.isEmpty() ? "/" : "/" + rawId);
        if (problem == null) {
            problem = ambiguityOf(rest);
        }
        String id = decodeOrNull(rawId);
        String decoded = decodeOrNull(rest);
        if (id == null || decoded == null) {
            return Optional.of(new PluginPath(rawId.toLowerCase(Locale.ROOT), rest, rest,
                    problem == null ? "it is not valid percent-encoded UTF-8" : problem));
        }
        return Optional.of(new PluginPath(id.toLowerCase(Locale.ROOT), rest, decoded, problem));
    }

    /** Whether the path is the same to every HTTP stack; only such paths reach a plugin. */
    boolean isCanonical() {
        return ambiguity == null;
    }

    boolean isPublic() {
        return decodedRest.startsWith("/public/");
    }

    /** The server's own calls to the plugin are never reachable from outside, whatever the case. */
    boolean isReserved() {
        // Nothing lower-cases into '/' or '_', so only paths starting "/_" need the full check.
        if (!decodedRest.startsWith("/_")) {
            return false;
        }
        String lower = decodedRest.toLowerCase(Locale.ROOT);
        String prefix = PluginEndpoint.RESERVED_PREFIX.toLowerCase(Locale.ROOT);
        return lower.startsWith(prefix) || lower.equals(prefix.substring(0, prefix.length() - 1));
    }

    /** What makes an encoded path (starting with "/") ambiguous, or null when it is canonical. */
    private static String ambiguityOf(String raw) {
        if (raw.indexOf(';') >= 0) {
            return "it has a ';' parameter";
        }
        if (raw.contains("//")) {
            return "it has an empty segment ('//')";
        }
        if (raw.indexOf('\\') >= 0) {
            return "it has a backslash";
        }
        String dots = dotSegment(raw);
        if (dots != null) {
            return "it has a '" + dots + "' segment";
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
            if (value < 0) {
                return "it has a '%' that does not start a percent-encoded byte";
            }
            if (value == '/' || value == '\\' || value == '.' || value == ';' || value == '%') {
                return "it has an encoded '" + (char) value + "'";
            }
            if (value < 0x20 || value == 0x7f) {
                return "it has an encoded control character";
            }
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) < 0x20 || raw.charAt(i) == 0x7f) {
                return "it has a control character";
            }
        }
        return null;
    }

    /** The first "." or ".." segment of a path starting with "/", or null. */
    private static String dotSegment(String raw) {
        int start = 1;
        while (start <= raw.length()) {
            int end = raw.indexOf('/', start);
            if (end < 0) {
                end = raw.length();
            }
            int length = end - start;
            if ((length == 1 || length == 2) && raw.charAt(start) == '.' && raw.charAt(end - 1) == '.') {
                return length == 1 ? "." : "..";
            }
            start = end + 1;
        }
        return null;
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** One percent-decoding into strict UTF-8 ('+' stays '+', as in a path); null when malformed. */
    private static String decodeOrNull(String raw) {
        if (isPlainAscii(raw)) {
            return raw; // nothing to decode: the common case, without copying
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    return null;
                }
                bytes.write(value);
                i += 2;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
