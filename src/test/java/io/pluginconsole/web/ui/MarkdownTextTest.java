package io.pluginconsole.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Manifest Markdown: Mattermost's subset rendered, everything else harmless text. */
class MarkdownTextTest {

    @Test
    void boldItalicCodeAndListsAreRendered() {
        String html = MarkdownText.html("When **false**, users *cannot* attach. Use `/jira connect`.\n\n- one\n- two");
        assertThat(html).contains("<strong>false</strong>").contains("<em>cannot</em>")
                .contains("<code>/jira connect</code>").contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    }

    @Test
    void linksWithMarkupInsideAreAnchors() {
        String html = MarkdownText.html("See the [**documentation**](https://example.com/docs) and "
                + "[/jira instance install](https://example.com/install).");
        assertThat(html).contains("<a href=\"https://example.com/docs\" rel=\"noopener noreferrer\" target=\"_blank\">"
                        + "<strong>documentation</strong></a>")
                .contains(">/jira instance install</a>");
    }

    @Test
    void relativeLinksStayOnTheSiteWithoutNewTab() {
        assertThat(MarkdownText.html("[Plugin Management](/admin_console/plugins/plugin_management)"))
                .contains("<a href=\"/admin_console/plugins/plugin_management\">Plugin Management</a>");
    }

    @Test
    void bareAddressesBecomeLinks() {
        assertThat(MarkdownText.html("Docs at https://example.com/help."))
                .contains("<a href=\"https://example.com/help\" rel=\"noopener noreferrer\" target=\"_blank\">");
    }

    @Test
    void otherSchemesAndProtocolRelativeTargetsKeepOnlyTheirText() {
        for (String target : new String[]{"javascript:alert(1)", "JavaScript:alert(1)", "java%0ascript:alert(1)",
                "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/x", "mailto:a@example.com", "file:///etc/passwd",
                " javascript:alert(1)", "&#106;avascript:alert(1)", "\\\\evil.example\\x"}) {
            String html = MarkdownText.html("[click](" + target + ")");
            assertThat(html).as(target).doesNotContain("<a ").contains("click");
        }
    }

    @Test
    void rawHtmlAndImagesAreText() {
        String html = MarkdownText.html("<script>alert(1)</script> <img src=x onerror=alert(1)> "
                + "![tracker](https://example.com/pixel.png)\n\n<div onclick=\"x\">block</div>");
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<div")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("tracker");
    }

    @Test
    void lineBreaksInHelpTextsAreKept() {
        assertThat(MarkdownText.html("first line\nsecond line")).isEqualTo("<p>first line<br>second line</p>");
    }

    @Test
    void headingsAndIndentedTextStayLiteral() {
        assertThat(MarkdownText.html("# Not a heading")).isEqualTo("<p># Not a heading</p>");
        assertThat(MarkdownText.html("    indented text")).isEqualTo("<p>indented text</p>");
    }

    @Test
    void emptyIsEmpty() {
        assertThat(MarkdownText.html(null)).isEmpty();
        assertThat(MarkdownText.html("  ")).isEmpty();
    }
}
