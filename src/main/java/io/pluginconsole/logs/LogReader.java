package io.pluginconsole.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads the JSON-lines server log back, newest first, across the current file and its rotated
 * predecessors. Files are read backwards a block at a time and only one page (plus one entry) is
 * kept, so a large log costs time in proportion to how far back the page is, not memory. Lines
 * that are not JSON objects (a partly written last line, a truncated file, stray text) are
 * skipped and counted (lines a text filter rules out without parsing are not counted).
 *
 * <p>A page is bounded in bytes as well as in entries, about {@value #PAGE_BYTES} bytes: in a page
 * of entries each message and stack trace is shortened for display to its share of that budget
 * (with a note; the download has the full text), and a page of raw lines stops when the next line
 * would pass the budget.
 */
public final class LogReader {
    /** Longer lines are skipped as unreadable rather than held in memory. */
    static final int MAX_LINE = 1024 * 1024;
    /** About how many bytes of entries one page holds. */
    public static final int PAGE_BYTES = 2 * 1024 * 1024;
    /** Each shown message or stack trace keeps at least this many characters, however many entries a page has. */
    static final int MIN_SHOWN = 512;
    private static final JsonFactory JSON = new JsonFactory();

    private final List<Path> files;

    /** @param files newest first, e.g. {@code plugin-console.log}, {@code plugin-console.log.1}, ... */
    public LogReader(List<Path> files) {
        this.files = List.copyOf(files);
    }

    public LogPage read(LogQuery query) {
        List<LogEntry> entries = new ArrayList<>(Math.min(query.perPage(), 128));
        long skip = (long) query.page() * query.perPage();
        long matched = 0;
        int unreadable = 0;
        String text = query.text().toLowerCase(Locale.ROOT);
        // A raw line can only match if it holds the text itself, unless a JSON writer escaped part of it.
        boolean rawPrefilter = !text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f
                && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&');
        int minRank = query.minLevel().isEmpty() ? -1 : LogLevels.rank(query.minLevel());
        int shown = shownChars(query.perPage());
        for (Path file : files) {
            try (ReverseLines lines = open(file)) {
                if (lines == null) {
                    continue;
                }
                String line;
                while ((line = lines.previous()) != null) {
                    if (rawPrefilter && !line.toLowerCase(Locale.ROOT).contains(text)) {
                        continue;
                    }
                    LogEntry entry = parse(line);
                    if (entry == null) {
                        unreadable++;
                        continue;
                    }
                    if (!matches(entry, query, text, minRank)) {
                        continue;
                    }
                    matched++;
                    if (matched <= skip) {
                        continue;
                    }
                    if (entries.size() == query.perPage()) {
                        return new LogPage(List.copyOf(entries), query, true, unreadable);
                    }
                    entries.add(shorten(entry, shown));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot read the log file " + file + ": " + e.getMessage(), e);
            }
        }
        return new LogPage(List.copyOf(entries), query, false, unreadable);
    }

    /**
     * How many characters of a message (and as many of a stack trace) are shown when a page holds
     * {@code perPage} entries, so that a full page stays near {@link #PAGE_BYTES}.
     */
    static int shownChars(int perPage) {
        return Math.max(MIN_SHOWN, PAGE_BYTES / Math.max(1, perPage) / 2);
    }

    private static LogEntry shorten(LogEntry e, int max) {
        if (e.message().length() <= max && e.exception().length() <= max) {
            return e;
        }
        return new LogEntry(e.timestamp(), e.level(), e.logger(), e.thread(),
                TextCap.cap(e.message(), max, "shown: message"), e.pluginId(), e.source(),
                TextCap.cap(e.exception(), max, "shown: stack trace"));
    }

    /**
     * The raw lines of one page (0 = the newest {@code perPage}), in file order (oldest first),
     * unparsed; for the API, which returns log lines as strings. The page ends early, at the newest
     * lines that fit, when its lines would pass {@link #PAGE_BYTES} characters.
     */
    public List<String> rawLines(int page, int perPage) {
        List<String> lines = new ArrayList<>();
        long skip = (long) Math.max(0, page) * perPage;
        long seen = 0;
        long size = 0;
        for (Path file : files) {
            try (ReverseLines reader = open(file)) {
                if (reader == null) {
                    continue;
                }
                String line;
                while ((line = reader.previous()) != null && lines.size() < perPage) {
                    if (line.equals(ReverseLines.TOO_LONG) || ++seen <= skip) {
                        continue;
                    }
                    size += line.length();
                    if (size > PAGE_BYTES) {
                        Collections.reverse(lines);
                        return lines;
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot read the log file " + file + ": " + e.getMessage(), e);
            }
            if (lines.size() >= perPage) {
                break;
            }
        }
        Collections.reverse(lines);
        return lines;
    }

    private static ReverseLines open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new ReverseLines(file, MAX_LINE);
        } catch (NoSuchFileException e) {
            return null; // rotated away between the check and the open
        }
    }

    private static boolean matches(LogEntry entry, LogQuery query, String text, int minRank) {
        if (minRank >= 0 && LogLevels.rank(entry.level()) < minRank) {
            return false;
        }
        if (!query.pluginId().isEmpty() && !entry.pluginId().equalsIgnoreCase(query.pluginId())) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        return contains(entry.message(), text) || contains(entry.logger(), text) || contains(entry.pluginId(), text)
                || contains(entry.source(), text) || contains(entry.exception(), text);
    }

    private static boolean contains(String field, String lowerText) {
        return field.toLowerCase(Locale.ROOT).contains(lowerText);
    }

    /** One entry, or null when the line is not a JSON object with at least a message or a level. */
    static LogEntry parse(String line) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return null;
        }
        String timestamp = "";
        String level = "";
        String logger = "";
        String thread = "";
        String message = null;
        String pluginId = "";
        String source = "";
        String exception = "";
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String v = value == JsonToken.VALUE_NULL ? "" : p.getText();
                switch (name) {
                    case "timestamp", "time", "ts" -> timestamp = v;
                    case "level" -> level = LogLevels.normalise(v);
                    case "logger", "caller" -> logger = logger.isEmpty() ? v : logger;
                    case "thread" -> thread = v;
                    case "message", "msg" -> message = v;
                    case "plugin_id" -> pluginId = v;
                    case "source" -> source = v;
                    case "exception", "error" -> exception = exception.isEmpty() ? v : exception;
                    default -> {
                        // other MDC fields are kept in the file and the download
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (message == null && level.isEmpty()) {
            return null;
        }
        return new LogEntry(timestamp, level, logger, thread, message == null ? "" : message, pluginId, source,
                exception);
    }
}
