package io.pluginconsole.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SplicedPageTest {
    private final SplicedPage.Markers markers = SplicedPage.Markers.random();

    @Test
    void eachViewersValuesAreEscapedForWhereTheyStand() {
        String html = "<form action=\"/upload?csrf=" + markers.csrfInUrl() + "\"><input name=\"csrf\" value=\""
                + markers.csrf() + "\"></form><span class=\"who\">" + markers.username() + "</span>é";
        SplicedPage page = SplicedPage.split(html, markers);
        assertThat(page.holes()).isEqualTo(3);
        String filled = new String(page.fill("a&b c", "<o'neil>"), StandardCharsets.UTF_8);
        assertThat(filled).isEqualTo("<form action=\"/upload?csrf=a%26b+c\"><input name=\"csrf\" value=\"a&amp;b c\">"
                + "</form><span class=\"who\">&lt;o&#39;neil&gt;</span>é");
        // The kept rendering is not changed by filling it in.
        assertThat(new String(page.fill("t2", "u2"), StandardCharsets.UTF_8)).contains("value=\"t2\"")
                .contains(">u2<").doesNotContain("a&amp;b");
    }

    @Test
    void compactingKeepsPreformattedTextAndWordSpacing() {
        String html = "<ul>\n      <li>\n        <span>A</span> <span>B</span>\n      </li>\n</ul>\n"
                + "<pre class=\"x\">line 1\n    indented\n</pre>\n   <p>a\n   b</p>";
        assertThat(CompactHtml.of(html)).isEqualTo("<ul>\n<li>\n<span>A</span> <span>B</span>\n</li>\n</ul>\n"
                + "<pre class=\"x\">line 1\n    indented\n</pre>\n<p>a\n   b</p>");
    }
}
