package io.pluginconsole.plugins;

import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.runtime.PluginStatus;

/**
 * A plugin together with whether it is enabled and how it runs. {@code installed} is false for a
 * pre-packaged plugin on offer but not unpacked yet (its folder is where it will be installed);
 * {@code prepackaged} marks plugins that come with the server and cannot be removed.
 */
public record PluginInfo(InstalledPlugin plugin, boolean enabled, PluginStatus status, boolean installed,
                         boolean prepackaged) {

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
