package io.pluginconsole.plugins;

import java.util.List;

/** What a sync from the file store did, plugin by plugin. */
public record SyncReport(List<String> installed, List<String> removed, List<String> kept, List<String> problems) {
}
