package io.pluginconsole.web.ui;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Manifest Markdown (settings header, footer, help texts) as HTML, with the subset Mattermost's
 * console shows: paragraphs, bold, italic, code, links and lists. Parsed and rendered by
 * commonmark-java with raw HTML escaped; links survive only with an http(s) or a same-site
 * relative target (anything else becomes its text), and images become their alt text, so a
 * plugin's manifest can neither run script nor pull resources into the console.
 */
final class MarkdownText {
    private static final List<Extension> EXTENSIONS = List.of(AutolinkExtension.create());
    // Headings, block quotes, indented code and HTML blocks are left as text: help texts are short
    // and often indented, and Mattermost does not render them there either.
    private static final Parser PARSER = Parser.builder()
            .extensions(EXTENSIONS)
            .enabledBlockTypes(Set.of(ListBlock.class, FencedCodeBlock.class))
            .build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .softbreak("<br>")
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link && isHttp(attributes.getOrDefault("href", ""))) {
                    attributes.put("rel", "noopener noreferrer");
                    attributes.put("target", "_blank");
                }
            })
            .build();
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final int MAX_INPUT = 64 * 1024;

    private MarkdownText() {
    }

    /** Safe HTML for the Markdown, or "" for none. */
    static String html(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        // Manifests are capped at 64 KiB already; the bound keeps rendering cheap whatever the caller.
        String source = markdown.length() > MAX_INPUT ? markdown.substring(0, MAX_INPUT) : markdown;
        Node document = PARSER.parse(source);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                visitChildren(link);
                if (!isAllowed(link.getDestination())) {
                    unwrap(link);
                }
            }

            @Override
            public void visit(Image image) {
                // The alt text stays; nothing is fetched.
                visitChildren(image);
                unwrap(image);
            }
        });
        return RENDERER.render(document).strip();
    }

    /** Replaces a node by its children, so a refused link keeps its label as text. */
    private static void unwrap(Node node) {
        Node child = node.getFirstChild();
        if (child == null) {
            node.insertBefore(new Text(""));
        }
        while (child != null) {
            Node next = child.getNext();
            node.insertBefore(child);
            child = next;
        }
        node.unlink();
    }

    /** http(s) anywhere, or a path on this site; never another scheme or a protocol-relative host. */
    static boolean isAllowed(String destination) {
        if (destination == null) {
            return false;
        }
        String target = destination.strip();
        if (target.isEmpty() || target.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return false;
        }
        if (SCHEME.matcher(target).find()) {
            return isHttp(target);
        }
        // A colon before the first '/', '?' or '#' is a scheme in disguise (RFC 3986 forbids it in
        // a relative path's first segment), whatever a browser then makes of it.
        int end = target.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int at = target.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return !target.startsWith("//") && target.substring(0, end).indexOf(':') < 0;
    }

    static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && url.length() > 8;
    }
}
