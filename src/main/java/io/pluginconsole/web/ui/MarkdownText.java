package io.pluginconsole.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Manifest Markdown (settings header, footer, help texts) as plain text with its links: the
 * template prints every piece escaped, and only http(s) targets become anchors. Everything else
 * (emphasis, code, HTML) stays literal text.
 */
final class MarkdownText {
    /** A piece of text; a link when {@code href} is set. */
    public record Segment(String text, String href) {
    }

    private static final Pattern LINK = Pattern.compile(
            "\\[([^\\]\\n]{1,500})\\]\\(\\s*<?([^()\\s<>]{1,2000})>?(?:\\s+\"[^\"]*\")?\\s*\\)"
                    + "|<(https?://[^\\s<>]{1,2000})>"
                    + "|(https?://[^\\s<>()\\[\\]\"']{1,2000})",
            Pattern.CASE_INSENSITIVE);

    private MarkdownText() {
    }

    static List<Segment> segments(String markdown) {
        List<Segment> out = new ArrayList<>();
        if (markdown == null || markdown.isEmpty()) {
            return out;
        }
        Matcher m = LINK.matcher(markdown);
        int at = 0;
        while (m.find()) {
            String label;
            String target;
            int end = m.end();
            if (m.group(1) != null) {
                label = m.group(1);
                target = m.group(2);
            } else if (m.group(3) != null) {
                label = m.group(3);
                target = m.group(3);
            } else {
                target = m.group(4);
                // Sentence punctuation after a bare address is not part of it.
                int trim = target.length();
                while (trim > 0 && ".,;:!?".indexOf(target.charAt(trim - 1)) >= 0) {
                    trim--;
                }
                end = m.start() + trim;
                target = target.substring(0, trim);
                label = target;
            }
            if (m.start() > at) {
                out.add(new Segment(markdown.substring(at, m.start()), null));
            }
            out.add(new Segment(label, isHttp(target) ? target : null));
            at = end;
        }
        if (at < markdown.length()) {
            out.add(new Segment(markdown.substring(at), null));
        }
        return out;
    }

    static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && url.length() > 8;
    }
}
