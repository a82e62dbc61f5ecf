package io.pluginconsole.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain never depends on the web or CLI layers; templates never render unescaped text. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/pluginconsole");
    private static final List<String> DOMAIN = List.of("plugins", "storage", "config", "db", "cluster", "auth", "logs", "net");
    private static final Pattern ADAPTER_IMPORT =
            Pattern.compile("^import (static )?(io\\.javalin|org\\.thymeleaf|picocli|io\\.pluginconsole\\.(web|cli))\\b",
                    Pattern.MULTILINE);

    @Test
    void domainPackagesDoNotImportAdapters() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : DOMAIN) {
            Path dir = MAIN.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    if (ADAPTER_IMPORT.matcher(Files.readString(file)).find()) {
                        offenders.add(file.toString());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void templatesNeverRenderUnescapedText() throws IOException {
        Path templates = Path.of("templates");
        if (!Files.isDirectory(templates)) {
            return;
        }
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                // The one exception: manifest Markdown, which MarkdownText renders to HTML with raw HTML
                // escaped and only http(s) or same-site links, into view fields named for it.
                String text = Files.readString(file).replaceAll(
                        "th:utext=\"\\$\\{(view|sec|f)\\.(header|footer|help|regenerateHelp)}\"", "");
                assertThat(text).as(file.toString()).doesNotContain("th:utext").doesNotContain("[(");
            }
        }
    }
}
