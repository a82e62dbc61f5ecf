package io.pluginconsole.web;

import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Thymeleaf pages: read from ./templates when it exists (edits show on the next request), else
 * from the jar with caching.
 */
public final class PageRenderer {
    static {
        RecordPropertyAccessor.install();
    }

    private final TemplateEngine engine = new TemplateEngine();

    public PageRenderer(Path templatesOnDisk) {
        boolean dev = templatesOnDisk != null && Files.isDirectory(templatesOnDisk);
        AbstractConfigurableTemplateResolver resolver = dev
                ? new FileTemplateResolver()
                : new ClassLoaderTemplateResolver(PageRenderer.class.getClassLoader());
        resolver.setPrefix(dev ? templatesOnDisk.toAbsolutePath() + "/" : "templates/");
        resolver.setCacheable(!dev);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        engine.setTemplateResolver(resolver);
    }

    public void render(Context ctx, String template, Map<String, ?> model) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html(template, model));
    }

    /** The page as text, for a page that keeps its rendering between requests. */
    public String html(String template, Map<String, ?> model) {
        org.thymeleaf.context.Context vars = new org.thymeleaf.context.Context(Locale.ROOT);
        model.forEach(vars::setVariable);
        return engine.process(template, vars);
    }
}
