package io.pluginconsole.plugins.state;

import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.install.InstalledPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every known plugin at one moment: the installed ones (manifest, install record, warnings) and
 * the pre-packaged ones on offer, each with whether it is enabled and how it runs, in the
 * console's order. Immutable; {@code version} grows with every change, so anything derived from
 * a snapshot can be kept until the version moves.
 */
public final class PluginSnapshot {
    private final long version;
    private final List<PluginInfo> plugins;
    private final Map<String, PluginInfo> byId;

    PluginSnapshot(long version, List<PluginInfo> plugins) {
        this.version = version;
        this.plugins = List.copyOf(plugins);
        Map<String, PluginInfo> index = new LinkedHashMap<>();
        for (PluginInfo plugin : this.plugins) {
            index.putIfAbsent(plugin.id(), plugin);
        }
        this.byId = java.util.Collections.unmodifiableMap(index);
    }

    public long version() {
        return version;
    }

    /** Sorted by name, then id. */
    public List<PluginInfo> plugins() {
        return plugins;
    }

    public Optional<PluginInfo> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The plugins unpacked in the plugins folder, by id (offers not installed yet are left out). */
    public Map<String, InstalledPlugin> installed() {
        Map<String, InstalledPlugin> result = new LinkedHashMap<>();
        for (PluginInfo plugin : plugins) {
            if (plugin.installed()) {
                result.put(plugin.id(), plugin.plugin());
            }
        }
        return result;
    }

    /** Same plugins in the same states, whatever the version. */
    boolean sameAs(List<PluginInfo> other) {
        return plugins.equals(other);
    }
}
