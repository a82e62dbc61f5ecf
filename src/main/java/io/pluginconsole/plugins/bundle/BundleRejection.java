package io.pluginconsole.plugins.bundle;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;

/** Builds the errors for bundles that cannot be accepted, with one fixed wording per reason. */
final class BundleRejection {
    private BundleRejection() {
    }

    static PluginException extract(String reason, String advice) {
        return new PluginException(ErrorIds.EXTRACT, PluginException.Kind.BAD_INPUT,
                "Bundle rejected: " + reason + ". " + advice, reason, null);
    }

    static PluginException unsafePath(String name) {
        return extract("unsafe path " + quote(name),
                "Every entry must be a relative path inside the plugin folder.");
    }

    static PluginException unsafeName(String name, String why) {
        return extract("unsafe file name " + quote(name) + " (" + why + ")",
                "Rename the file in the plugin and rebuild the bundle.");
    }

    static PluginException corrupt(String what) {
        return extract("corrupt archive (" + what + ")",
                "Rebuild the bundle with: tar -czf <id>.tar.gz <id>/");
    }

    static PluginException tooLargeUnpacked() {
        return extract("archive too large when unpacked",
                "The bundle expands beyond the allowed size; remove unneeded files.");
    }

    static PluginException notGzip() {
        return extract("not a .tar.gz bundle",
                "Upload the plugin bundle as a gzip-compressed tar file (.tar.gz).");
    }

    /** Entry names come from the archive: show them short, escaped and without control characters. */
    static String quote(String name) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < name.length() && shown < 120; i++, shown++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (name.length() > 120) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
