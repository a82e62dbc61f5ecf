package io.pluginconsole.plugins;

import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.runtime.PluginStatus;

/** An installed plugin together with whether it is enabled and how it runs. */
public record PluginInfo(InstalledPlugin plugin, boolean enabled, PluginStatus status) {
    public String id() {
        return plugin.id();
    }
}
