package io.pluginconsole.logs;

import java.util.Locale;

/**
 * Which log entries to show: at least {@code minLevel} (empty for all), from one plugin
 * ({@code plugin_id} field, any case; empty for all), containing {@code text} (any case, in the
 * message, logger, source, plugin id or exception; empty for all), page {@code page} (0 = newest)
 * of {@code perPage} entries.
 */
public record LogQuery(String minLevel, String pluginId, String text, int page, int perPage) {
    public static final int MAX_PER_PAGE = 1000;

    public LogQuery {
        minLevel = minLevel == null ? "" : minLevel.strip().toUpperCase(Locale.ROOT);
        pluginId = pluginId == null ? "" : pluginId.strip();
        text = text == null ? "" : text.strip();
        page = Math.max(0, page);
        perPage = Math.max(1, Math.min(MAX_PER_PAGE, perPage));
        if (!minLevel.isEmpty() && LogLevels.rank(minLevel) < 0) {
            minLevel = "";
        }
    }

    public static LogQuery newest(int perPage) {
        return new LogQuery("", "", "", 0, perPage);
    }

    public boolean matchesAll() {
        return minLevel.isEmpty() && pluginId.isEmpty() && text.isEmpty();
    }
}
