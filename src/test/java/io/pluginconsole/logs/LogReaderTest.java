package io.pluginconsole.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    @TempDir
    Path dir;

    static String line(int n, String level, String pluginId, String message) {
        return "{\"timestamp\":\"2025-01-01T00:00:" + String.format("%02d", n % 60) + ".000Z\",\"level\":\"" + level
                + "\",\"logger\":\"io.pluginconsole.Test\",\"thread\":\"main\",\"message\":\"" + message + "\""
                + (pluginId == null ? "" : ",\"plugin_id\":\"" + pluginId + "\",\"source\":\"plugin_stderr\"")
                + "}";
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> messages(LogPage page) {
        return page.entries().stream().map(LogEntry::message).toList();
    }

    @Test
    void newestFirstWithAllFields() throws IOException {
        Path file = write("a.log", List.of(line(1, "INFO", null, "first"), line(2, "WARN", "demo", "second"),
                line(3, "ERROR", null, "third")));
        LogPage page = new LogReader(List.of(file)).read(LogQuery.newest(100));
        assertThat(messages(page)).containsExactly("third", "second", "first");
        LogEntry second = page.entries().get(1);
        assertThat(second.level()).isEqualTo("WARN");
        assertThat(second.pluginId()).isEqualTo("demo");
        assertThat(second.source()).isEqualTo("plugin_stderr");
        assertThat(second.logger()).isEqualTo("io.pluginconsole.Test");
        assertThat(second.timestamp()).isEqualTo("2025-01-01T00:00:02.000Z");
        assertThat(page.hasOlder()).isFalse();
        assertThat(page.hasNewer()).isFalse();
        assertThat(page.unreadable()).isZero();
    }

    @Test
    void levelFilterIsAMinimum() throws IOException {
        Path file = write("a.log", List.of(line(1, "DEBUG", null, "d"), line(2, "INFO", null, "i"),
                line(3, "WARN", null, "w"), line(4, "ERROR", null, "e"), line(5, "warning", null, "w2"),
                line(6, "fatal", null, "f")));
        LogReader reader = new LogReader(List.of(file));
        assertThat(messages(reader.read(new LogQuery("warn", "", "", 0, 10)))).containsExactly("f", "w2", "e", "w");
        assertThat(messages(reader.read(new LogQuery("ERROR", "", "", 0, 10)))).containsExactly("f", "e");
        assertThat(messages(reader.read(new LogQuery("", "", "", 0, 10)))).hasSize(6);
        // An unknown level filters nothing rather than everything.
        assertThat(messages(reader.read(new LogQuery("loud", "", "", 0, 10)))).hasSize(6);
    }

    @Test
    void pluginIdFilterUsesTheMdcField() throws IOException {
        Path file = write("a.log", List.of(line(1, "INFO", "com.example.alpha", "from alpha"),
                line(2, "INFO", "com.example.beta", "from beta"),
                line(3, "INFO", null, "mentions com.example.alpha in text only"),
                line(4, "ERROR", "com.example.alpha", "alpha failed")));
        LogReader reader = new LogReader(List.of(file));
        assertThat(messages(reader.read(new LogQuery("", "COM.example.Alpha", "", 0, 10))))
                .containsExactly("alpha failed", "from alpha");
        assertThat(messages(reader.read(new LogQuery("error", "com.example.alpha", "", 0, 10))))
                .containsExactly("alpha failed");
        assertThat(messages(reader.read(new LogQuery("", "com.example.gamma", "", 0, 10)))).isEmpty();
    }

    @Test
    void textFilterIsCaseInsensitiveSubstring() throws IOException {
        Path file = write("a.log", List.of(line(1, "INFO", null, "Disk is Full"), line(2, "INFO", null, "all good"),
                line(3, "INFO", null, "quote \\\"here\\\" and <b>"),
                "{\"level\":\"ERROR\",\"message\":\"boom\",\"exception\":\"java.io.IOException: NO SPACE left\"}"));
        LogReader reader = new LogReader(List.of(file));
        assertThat(messages(reader.read(new LogQuery("", "", "disk is FULL", 0, 10)))).containsExactly("Disk is Full");
        assertThat(messages(reader.read(new LogQuery("", "", "no space", 0, 10)))).containsExactly("boom");
        assertThat(messages(reader.read(new LogQuery("", "", "\"here\"", 0, 10)))).hasSize(1);
        assertThat(messages(reader.read(new LogQuery("", "", "<B>", 0, 10)))).hasSize(1);
        assertThat(messages(reader.read(new LogQuery("", "", "nothing like this", 0, 10)))).isEmpty();
    }

    @Test
    void pagingBoundaries() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add(line(i, "INFO", null, "m" + i));
        }
        Path file = write("a.log", lines);
        LogReader reader = new LogReader(List.of(file));

        LogPage first = reader.read(new LogQuery("", "", "", 0, 4));
        assertThat(messages(first)).containsExactly("m10", "m9", "m8", "m7");
        assertThat(first.hasOlder()).isTrue();
        assertThat(first.hasNewer()).isFalse();

        LogPage last = reader.read(new LogQuery("", "", "", 2, 4));
        assertThat(messages(last)).containsExactly("m2", "m1");
        assertThat(last.hasOlder()).isFalse();
        assertThat(last.hasNewer()).isTrue();

        LogPage exact = reader.read(new LogQuery("", "", "", 0, 10));
        assertThat(exact.entries()).hasSize(10);
        assertThat(exact.hasOlder()).as("exactly one page: nothing older").isFalse();
        LogPage exactSecond = reader.read(new LogQuery("", "", "", 1, 5));
        assertThat(messages(exactSecond)).containsExactly("m5", "m4", "m3", "m2", "m1");
        assertThat(exactSecond.hasOlder()).isFalse();

        LogPage beyond = reader.read(new LogQuery("", "", "", 7, 4));
        assertThat(beyond.entries()).isEmpty();
        assertThat(beyond.hasOlder()).isFalse();
        assertThat(beyond.hasNewer()).isTrue();
    }

    @Test
    void malformedAndPartialLinesAreSkippedAndCounted() throws IOException {
        Path file = dir.resolve("a.log");
        String content = line(1, "INFO", null, "good one") + "\n"
                + "not json at all\n"
                + "\n"
                + "{\"level\":\"INFO\",\"message\":\"cut off\n"
                + "[1,2,3]\n"
                + "{}\n"
                + line(2, "WARN", null, "good two") + "\r\n"
                + "{\"level\":\"INFO\",\"message\":\"extra\"} trailing\n"
                + "{\"level\":\"INFO\",\"mess";   // being written: no line break yet
        Files.writeString(file, content);
        LogPage page = new LogReader(List.of(file)).read(LogQuery.newest(100));
        assertThat(messages(page)).containsExactly("good two", "good one");
        assertThat(page.unreadable()).isEqualTo(6);
    }

    @Test
    void emptyAndMissingFilesReadAsNoEntries() throws IOException {
        Path empty = write("empty.log", List.of());
        LogPage page = new LogReader(List.of(empty, dir.resolve("missing.log"))).read(LogQuery.newest(10));
        assertThat(page.entries()).isEmpty();
        assertThat(page.hasOlder()).isFalse();
    }

    @Test
    void readsOnIntoRotatedFiles() throws IOException {
        Path current = write("x.log", List.of(line(3, "INFO", null, "c1"), line(4, "INFO", null, "c2")));
        Path older = write("x.log.1", List.of(line(1, "INFO", null, "o1"), line(2, "INFO", null, "o2")));
        LogReader reader = new LogReader(List.of(current, older, dir.resolve("x.log.2")));
        assertThat(messages(reader.read(LogQuery.newest(10)))).containsExactly("c2", "c1", "o2", "o1");
        LogPage second = reader.read(new LogQuery("", "", "", 1, 3));
        assertThat(messages(second)).containsExactly("o1");
        assertThat(reader.rawLines(0, 3)).containsExactly(line(2, "INFO", null, "o2"), line(3, "INFO", null, "c1"),
                line(4, "INFO", null, "c2"));
    }

    @Test
    void lineLongerThanTheLimitIsSkipped() throws IOException {
        String huge = "{\"level\":\"INFO\",\"message\":\"" + "x".repeat(LogReader.MAX_LINE + 10) + "\"}";
        Path file = write("a.log", List.of(line(1, "INFO", null, "before"), huge, line(2, "INFO", null, "after")));
        LogPage page = new LogReader(List.of(file)).read(LogQuery.newest(10));
        assertThat(messages(page)).containsExactly("after", "before");
        assertThat(page.unreadable()).isEqualTo(1);
    }

    @Test
    void linesSpanningReadBlocksAreWhole() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(line(i, "INFO", null, "message " + i + " " + "y".repeat(i % 97)));
        }
        Path file = write("a.log", lines);
        LogPage page = new LogReader(List.of(file)).read(LogQuery.newest(1000));
        assertThat(page.unreadable()).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(page.entries().get(i).message()).startsWith("message " + (2999 - i) + " ");
        }
    }

    /** 50 MB of log: the newest page, and a filter that has to scan to the very first line. */
    @Test
    void largeFileIsReadWithoutLoadingIt() throws IOException {
        Path file = dir.resolve("big.log");
        long written = 0;
        int n = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(line(0, "ERROR", "com.example.needle", "the very first line") + "\n");
            while (written < 50L * 1024 * 1024) {
                String l = line(n, n % 10 == 0 ? "WARN" : "INFO", n % 3 == 0 ? "com.example.hay" : null,
                        "routine message number " + n + " with some padding to look like a real line") + "\n";
                out.write(l);
                written += l.length();
                n++;
            }
        }
        assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
        LogReader reader = new LogReader(List.of(file));

        LogPage newest = reader.read(LogQuery.newest(100));
        assertThat(newest.entries()).hasSize(100);
        assertThat(newest.entries().get(0).message()).contains("number " + (n - 1) + " ");
        assertThat(newest.hasOlder()).isTrue();

        LogPage needle = reader.read(new LogQuery("error", "com.example.needle", "", 0, 100));
        assertThat(messages(needle)).containsExactly("the very first line");
        assertThat(needle.hasOlder()).isFalse();

        LogPage text = reader.read(new LogQuery("", "", "VERY FIRST", 0, 100));
        assertThat(messages(text)).containsExactly("the very first line");
    }
}
