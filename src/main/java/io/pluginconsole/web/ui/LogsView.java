package io.pluginconsole.web.ui;

import java.util.List;

/**
 * Everything the Server Logs page shows. {@code level} is a minimum: "WARN" lists warnings and
 * errors. Links keep the filters in their query strings.
 */
public record LogsView(
        String csrf,
        String username,
        List<StartupProblemView> startupProblems,
        boolean fileEnabled,
        String fileLocation,
        String level,
        String pluginId,
        String query,
        List<LevelOption> levels,
        List<Row> rows,
        int pageNumber,
        int perPage,
        String newerHref,
        String olderHref,
        int unreadable,
        String downloadHref,
        String emptyText) {

    /** One choice of the level filter. */
    public record LevelOption(String value, String label, boolean selected) {
    }

    /**
     * One log entry. {@code origin} is the plugin's stream (plugin_stdout, plugin_stderr) for plugin
     * output, else the logger's class name; {@code logger} is the full logger name.
     */
    public record Row(String time, String level, String levelKind, String pluginId, String origin, String logger,
                      String message, String exception) {
    }
}
