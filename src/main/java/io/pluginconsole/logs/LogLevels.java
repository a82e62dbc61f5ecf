package io.pluginconsole.logs;

import java.util.List;
import java.util.Locale;

/** Log levels from least to most severe, with the spellings other servers use (Mattermost writes "warn", "fatal"). */
public final class LogLevels {
    public static final List<String> ALL = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private LogLevels() {
    }

    /** Upper-case name in {@link #ALL}, or the input upper-cased when unknown. */
    public static String normalise(String level) {
        String l = level == null ? "" : level.strip().toUpperCase(Locale.ROOT);
        return switch (l) {
            case "WARNING" -> "WARN";
            case "FATAL", "CRITICAL", "PANIC", "DPANIC" -> "ERROR";
            default -> l;
        };
    }

    /** 0 (TRACE) to 4 (ERROR); -1 when unknown. */
    public static int rank(String level) {
        return ALL.indexOf(normalise(level));
    }
}
