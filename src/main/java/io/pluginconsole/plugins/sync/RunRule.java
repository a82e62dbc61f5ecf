package io.pluginconsole.plugins.sync;

import io.pluginconsole.config.Config;

/**
 * The one rule for whether a plugin should run on this node: plugins are on
 * ({@code PluginSettings.Enable}) and the plugin's {@code PluginStates} entry enables it. Whether
 * it is installed and whether plugins are available at all are checked by the callers that know.
 */
public final class RunRule {
    private RunRule() {
    }

    public static boolean shouldRun(Config config, String id) {
        return config.pluginSettings().enable() && config.pluginSettings().isEnabled(id);
    }
}
