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

    /** Shows the plugin as Starting until a coming {@link #activate} has started it or failed. */
    default void starting(String id) {
    }

    /** Stops the plugin if it runs; a no-op otherwise. */
    void deactivate(String id);

    PluginStatus status(String id);

    /** Calls {@code listener} after any plugin's status changed; runtimes without processes never call it. */
    default void onStatusChange(Runnable listener) {
    }

    /** Sends a running plugin its changed settings; a no-op for plugins that cannot receive them. */
    default void configure(String id, java.util.Map<String, Object> settings) {
    }

    /** Where a running http plugin listens, for the reverse proxy. */
    default java.util.Optional<PluginEndpoint> endpoint(String id) {
        return java.util.Optional.empty();
    }

    /** The last lines (at most about 20) the plugin wrote to stderr, oldest first; empty when unknown. */
    default java.util.List<String> recentStderr(String id) {
        return java.util.List.of();
    }

    /** The published webapp bundle file name of a running plugin, or null when it has none. */
    default String webappBundle(String id) {
        return null;
    }
}
