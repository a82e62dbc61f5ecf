package io.pluginconsole.plugins;

import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.runtime.PluginStatus;

/**
 * A plugin together with whether it is enabled and how it runs. {@code installed} is false for a
 * pre-packaged plugin on offer but not unpacked yet (its folder is where it will be installed);
 * {@code prepackaged} marks plugins that come with the server and cannot be removed. {@code alert}
 * is the reconciler's problem with it on this node (an integrity check that failed, a stored
 * bundle that did not install), null when there is none; {@code failedStarts} counts the starts
 * that failed in a row (retried with back-off).
 */
public record PluginInfo(InstalledPlugin plugin, boolean enabled, PluginStatus status, boolean installed,
                         boolean prepackaged, String alert, int failedStarts) {

    public PluginInfo(InstalledPlugin plugin, boolean enabled, PluginStatus status, boolean installed,
                      boolean prepackaged) {
        this(plugin, enabled, status, installed, prepackaged, null, 0);
    }

    public PluginInfo(InstalledPlugin plugin, boolean enabled, PluginStatus status) {
        this(plugin, enabled, status, true, false);
    }

    public String id() {
        return plugin.id();
    }

    /** Unpacked into the plugins folder by hand: listed, never managed by the console. */
    public boolean manual() {
        return installed && !plugin.managed();
    }
}
