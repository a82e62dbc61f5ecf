package io.pluginconsole.web.ui;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A page rendered once for everybody, with random markers where the viewer's own values go (the
 * session's CSRF token, the user's name), kept as byte segments. Each request writes the segments
 * with the viewer's values, escaped for where they stand, in between. The markers are random per
 * server, so no plugin text can contain one.
 */
final class SplicedPage {
    /** Where a viewer's value goes, and how it is escaped there. */
    enum Hole {
        CSRF, CSRF_IN_URL, USERNAME
    }

    /** The stand-ins rendered in place of the viewer's values; letters and digits only, so no escaping changes them. */
    record Markers(String csrf, String csrfInUrl, String username) {
        static Markers random() {
            return new Markers(marker(), marker(), marker());
        }

        private static String marker() {
            return "m" + UUID.randomUUID().toString().replace("-", "");
        }

        String of(Hole hole) {
            return switch (hole) {
                case CSRF -> csrf;
                case CSRF_IN_URL -> csrfInUrl;
                case USERNAME -> username;
            };
        }
    }

    private final List<byte[]> segments;
    private final List<Hole> holes;
    private final int fixedBytes;

    private SplicedPage(List<byte[]> segments, List<Hole> holes) {
        this.segments = List.copyOf(segments);
        this.holes = List.copyOf(holes);
        int total = 0;
        for (byte[] segment : segments) {
            total += segment.length;
        }
        this.fixedBytes = total;
    }

    /** Cuts a rendering at every marker. */
    static SplicedPage split(String html, Markers markers) {
        List<byte[]> segments = new ArrayList<>();
        List<Hole> holes = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = -1;
            Hole found = null;
            for (Hole hole : Hole.values()) {
                int i = html.indexOf(markers.of(hole), from);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    found = hole;
                }
            }
            if (found == null) {
                segments.add(html.substring(from).getBytes(StandardCharsets.UTF_8));
                return new SplicedPage(segments, holes);
            }
            segments.add(html.substring(from, at).getBytes(StandardCharsets.UTF_8));
            holes.add(found);
            from = at + markers.of(found).length();
        }
    }

    /** The page for one viewer. */
    byte[] fill(String csrf, String username) {
        byte[] csrfHtml = escape(csrf).getBytes(StandardCharsets.UTF_8);
        byte[] csrfUrl = escape(URLEncoder.encode(csrf, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        byte[] user = escape(username).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(fixedBytes + holes.size() * 64);
        for (int i = 0; i < segments.size(); i++) {
            out.writeBytes(segments.get(i));
            if (i < holes.size()) {
                out.writeBytes(switch (holes.get(i)) {
                    case CSRF -> csrfHtml;
                    case CSRF_IN_URL -> csrfUrl;
                    case USERNAME -> user;
                });
            }
        }
        return out.toByteArray();
    }

    int holes() {
        return holes.size();
    }

    /** The same escaping the templates apply to text and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
