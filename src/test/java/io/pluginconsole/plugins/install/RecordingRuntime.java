package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.plugins.runtime.PluginStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime for installer tests that records what ran and refuses to start the versions it is
 * told to fail, the way a plugin whose process exits at once fails to start.
 */
final class RecordingRuntime implements PluginRuntime {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<String, String> running = new ConcurrentHashMap<>();
    volatile String failingVersion;

    @Override
    public void activate(String id, Path folder, Manifest manifest) {
        if (manifest.version() != null && manifest.version().equals(failingVersion)) {
            events.add("failed " + id + " " + manifest.version());
            throw new PluginException(ErrorIds.RESTART, PluginException.Kind.INTERNAL,
                    "process exited during start", "exit 1", null);
        }
        running.put(id, manifest.version());
        events.add("start " + id + " " + manifest.version());
    }

    @Override
    public void deactivate(String id) {
        if (running.remove(id) != null) {
            events.add("stop " + id);
        }
    }

    @Override
    public PluginStatus status(String id) {
        return running.containsKey(id) ? new PluginStatus(PluginState.RUNNING, "") : PluginStatus.NOT_RUNNING;
    }
}
