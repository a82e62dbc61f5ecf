package io.pluginconsole.logs;

/**
 * One line of the server log, as read back. Fields missing from the line are empty strings.
 *
 * @param timestamp as written, e.g. {@code 2025-01-31T12:00:00.123Z}
 * @param level     upper case: TRACE, DEBUG, INFO, WARN or ERROR
 * @param pluginId  the {@code plugin_id} field, set on plugin output
 * @param source    the {@code source} field, e.g. {@code plugin_stderr}
 * @param exception the stack trace, if any
 */
public record LogEntry(String timestamp, String level, String logger, String thread, String message,
                       String pluginId, String source, String exception) {
}
