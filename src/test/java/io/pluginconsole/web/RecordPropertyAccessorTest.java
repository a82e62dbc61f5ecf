package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/** Templates read view records through the cached accessors, with Thymeleaf's escaping unchanged. */
class RecordPropertyAccessorTest {
    public record Item(String name, boolean enabled, List<String> tags, Inner inner) {
    }

    public record Inner(int state) {
    }

    static TemplateEngine engine;

    @BeforeAll
    static void setUp() {
        RecordPropertyAccessor.install();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
    }

    private static String render(String template, Object item) {
        Context context = new Context(Locale.ROOT);
        context.setVariables(Map.of("item", item));
        return engine.process(template, context);
    }

    @Test
    void readsComponentsNestedRecordsAndMethodsOnThem() {
        Item item = new Item("<b>demo</b>", true, List.of("a", "b"), new Inner(2));
        String html = render("<p th:text=\"${item.name}\"></p><i th:if=\"${item.enabled}\" th:text=\"${item.inner.state}\">"
                + "</i><s th:text=\"${item.tags.size()}\"></s><u th:each=\"t : ${item.tags}\" th:text=\"${t}\"></u>", item);
        assertThat(html).isEqualTo("<p>&lt;b&gt;demo&lt;/b&gt;</p><i>2</i><s>2</s><u>a</u><u>b</u>");
    }

    @Test
    void unknownPropertiesStillFail() {
        assertThatThrownBy(() -> render("<p th:text=\"${item.missing}\"></p>", new Inner(1)))
                .hasStackTraceContaining("missing");
    }
}
