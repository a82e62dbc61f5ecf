package io.pluginconsole.plugins.bundle;

import java.util.regex.Pattern;

/**
 * Mattermost's plugin id rule (3 to 190 characters of {@code [a-zA-Z0-9-_.]}), plus what makes an
 * id unsafe as a folder name: only dots, a leading dot (hidden, skipped by scans) or a Windows
 * device name.
 */
public final class PluginIds {
    public static final int MIN = 3;
    public static final int MAX = 190;
    private static final Pattern ALLOWED = Pattern.compile("^[a-zA-Z0-9-_.]+$");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    private PluginIds() {
    }

    public static boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        int length = id.codePointCount(0, id.length());
        return length >= MIN && length <= MAX && ALLOWED.matcher(id).matches()
                && !id.startsWith(".") && !RESERVED.matcher(id).matches();
    }

    public static String rule() {
        return "Plugin Id must be at least " + MIN + " characters, at most " + MAX
                + " characters and match ^[a-zA-Z0-9-_\\.]+$ (and may not start with a dot).";
    }
}
