package io.pluginconsole.logs;

import java.util.List;

/**
 * One page of matching entries, newest first.
 *
 * @param hasOlder   more matching entries exist beyond this page
 * @param unreadable lines that were not log entries (partial or malformed) among those read
 */
public record LogPage(List<LogEntry> entries, LogQuery query, boolean hasOlder, int unreadable) {
    public boolean hasNewer() {
        return query.page() > 0;
    }
}
