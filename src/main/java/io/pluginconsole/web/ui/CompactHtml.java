package io.pluginconsole.web.ui;

/**
 * Drops the templates' indentation from a rendered page: a run of spaces and line breaks next to a
 * tag becomes one line break, which the browser shows exactly as before. Text inside {@code <pre>}
 * and {@code <textarea>} keeps every character. Escaped text never holds a raw {@code <} or
 * {@code >}, so only markup's own whitespace is touched.
 */
final class CompactHtml {
    private CompactHtml() {
    }

    static String of(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                String kept = verbatimElement(html, i);
                if (kept != null) {
                    int end = html.indexOf("</" + kept, i);
                    end = end < 0 ? n : end;
                    out.append(html, i, end);
                    i = end;
                    if (end < n) {
                        out.append('<');
                        i++;
                    }
                    continue;
                }
            }
            if (isSpace(c)) {
                int j = i;
                boolean lineBreak = false;
                while (j < n && isSpace(html.charAt(j))) {
                    lineBreak |= html.charAt(j) == '\n';
                    j++;
                }
                boolean nextToTag = (i > 0 && html.charAt(i - 1) == '>') || (j < n && html.charAt(j) == '<');
                if (lineBreak && nextToTag) {
                    out.append('\n');
                } else {
                    out.append(html, i, j);
                }
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** "pre" or "textarea" when an element whose text must stay as written starts at {@code at}. */
    private static String verbatimElement(String html, int at) {
        for (String name : new String[] {"pre", "textarea"}) {
            int end = at + 1 + name.length();
            if (html.regionMatches(true, at + 1, name, 0, name.length()) && end < html.length()
                    && (html.charAt(end) == '>' || isSpace(html.charAt(end)))) {
                return name;
            }
        }
        return null;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }
}
