package io.pluginconsole.plugins.runtime;

import io.pluginconsole.plugins.bundle.Manifest;
import java.nio.file.Path;

/**
 * The runtime of the offline CLI ({@code --local}): it works on the folders of a stopped server,
 * so it never starts a plugin; plugins start when the server next runs.
 */
public final class OfflineRuntime implements PluginRuntime {
    @Override
    public void activate(String id, Path folder, Manifest manifest) {
        // started by the server when it runs
    }

    @Override
    public void deactivate(String id) {
        // nothing runs while the server is stopped
    }

    @Override
    public PluginStatus status(String id) {
        return PluginStatus.NOT_RUNNING;
    }
}
