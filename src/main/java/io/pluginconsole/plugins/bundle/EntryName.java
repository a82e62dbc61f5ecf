package io.pluginconsole.plugins.bundle;

import io.pluginconsole.plugins.PluginException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one archive entry name and returns its normalised form. Names are compared and written
 * only in this form; anything that could mean two things on some file system is refused.
 */
final class EntryName {
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");
    private static final Set<Character> FORBIDDEN = Set.of('\\', ':', '*', '?', '"', '<', '>', '|', '%');

    private EntryName() {
    }

    /**
     * @param raw       the effective name the tar reader returned (after PAX and GNU long names)
     * @param directory whether the entry is a directory (which may end with one "/")
     * @return the path components
     */
    static List<String> check(String raw, boolean directory, BundleLimits limits) throws PluginException {
        String name = raw;
        if (name.indexOf('\0') >= 0) {
            throw BundleRejection.unsafeName(raw, "contains a NUL character");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw BundleRejection.unsafePath(raw);
        }
        // "tar -C dir ." writes every name as "./x"; that prefix is a convention, not a second spelling.
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (directory && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            if (directory) {
                return List.of();
            }
            throw BundleRejection.unsafeName(raw, "empty name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > limits.maxPathBytes()) {
            throw BundleRejection.extract("file name too long " + BundleRejection.quote(raw),
                    "Paths in a bundle may be at most " + limits.maxPathBytes() + " bytes.");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw BundleRejection.unsafeName(raw, "not in Unicode NFC form");
        }
        String[] parts = name.split("/", -1);
        for (String part : parts) {
            if (part.equals("..") || part.indexOf('\\') >= 0) {
                throw BundleRejection.unsafePath(raw);
            }
        }
        if (parts.length > limits.maxDepth()) {
            throw BundleRejection.extract("file name too long " + BundleRejection.quote(raw),
                    "Folders in a bundle may be nested at most " + limits.maxDepth() + " deep.");
        }
        for (String part : parts) {
            checkComponent(raw, part, limits);
        }
        return List.of(parts);
    }

    private static void checkComponent(String raw, String part, BundleLimits limits) {
        if (part.equals("..")) {
            throw BundleRejection.unsafePath(raw);
        }
        if (part.isEmpty() || part.equals(".")) {
            throw BundleRejection.unsafeName(raw, "empty or \".\" path element");
        }
        if (part.getBytes(StandardCharsets.UTF_8).length > limits.maxComponentBytes()) {
            throw BundleRejection.extract("file name too long " + BundleRejection.quote(raw),
                    "A file or folder name may be at most " + limits.maxComponentBytes() + " bytes.");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\') {
                throw BundleRejection.unsafePath(raw);
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw BundleRejection.unsafeName(raw, "control character");
            }
            if (Character.getType(c) == Character.FORMAT) {
                throw BundleRejection.unsafeName(raw, "invisible formatting character");
            }
            if (FORBIDDEN.contains(c)) {
                throw BundleRejection.unsafeName(raw, "character '" + c + "' is not allowed");
            }
        }
        char last = part.charAt(part.length() - 1);
        if (last == '.' || last == ' ') {
            throw BundleRejection.unsafeName(raw, "ends with a dot or space");
        }
        if (RESERVED.matcher(part).matches()) {
            throw BundleRejection.unsafeName(raw, "reserved device name");
        }
    }

    /** The key used to detect names that collide on case-insensitive file systems. */
    static String foldKey(String normalised) {
        return normalised.toLowerCase(Locale.ROOT);
    }
}
