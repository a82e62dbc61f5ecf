package io.pluginconsole.plugins.runtime;

import io.pluginconsole.plugins.bundle.Manifest;
import java.nio.file.Path;

/**
 * Starts and stops installed plugins. The installer calls it so that a replaced plugin that was
 * running is restarted, and so that a new version that fails to start is rolled back.
 */
public interface PluginRuntime {

    /**
     * Starts the plugin in {@code folder}. Throws {@link io.pluginconsole.plugins.PluginException}
     * when it does not come up; the status then says why.
     */
    void activate(String id, Path folder, Manifest manifest);

    /** Stops the plugin if it runs; a no-op otherwise. */
    void deactivate(String id);

    PluginStatus status(String id);

    /** The published webapp bundle file name of a running plugin, or null when it has none. */
    default String webappBundle(String id) {
        return null;
    }
}
