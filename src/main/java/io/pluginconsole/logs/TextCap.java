package io.pluginconsole.logs;

/** Shortens text to a number of characters, saying how much was left out. */
public final class TextCap {
    private TextCap() {
    }

    /**
     * {@code text} when it has at most {@code max} characters; otherwise its first {@code max}
     * (never half a surrogate pair) followed by {@code " [<what> truncated: N characters dropped]"}.
     */
    public static String cap(String text, int max, String what) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int keep = Math.max(0, max);
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + " [" + what + " truncated: " + (text.length() - keep)
                + " characters dropped]";
    }
}
