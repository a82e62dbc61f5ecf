package io.pluginconsole.web.ui;

import java.util.Locale;

/**
 * The state filters of Plugin Management's list, each shown as a chip with its count. A plugin
 * row carries the keys of the filters it matches, so the page's script can filter live and the
 * server can filter without it ({@code ?state=failed}).
 */
enum PluginFilter {
    ALL("all", "All"),
    RUNNING("running", "Running"),
    FAILED("failed", "Failed"),
    DISABLED("disabled", "Disabled"),
    PREPACKAGED("prepackaged", "Pre-packaged"),
    MANUAL("manual", "Manually installed"),
    WARNINGS("warnings", "Has warnings");

    final String key;
    final String label;

    PluginFilter(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The filter named in the address; anything else shows every plugin. */
    static PluginFilter of(String key) {
        String wanted = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        for (PluginFilter f : values()) {
            if (f.key.equals(wanted)) {
                return f;
            }
        }
        return ALL;
    }

    boolean matches(PluginManagementView.Row row) {
        return switch (this) {
            case ALL -> true;
            case RUNNING -> row.state() == 2;
            case FAILED -> row.state() == 3 || row.state() == 4;
            case DISABLED -> !row.enabled();
            case PREPACKAGED -> row.prepackaged();
            case MANUAL -> row.manual();
            case WARNINGS -> !row.warnings().isEmpty()
                    || (row.signature() != null && row.signature().changed() != null);
        };
    }
}
