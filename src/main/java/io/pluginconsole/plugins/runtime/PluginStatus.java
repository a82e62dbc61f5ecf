package io.pluginconsole.plugins.runtime;

/** What the runtime knows about one plugin: its state and the last error, if any. */
public record PluginStatus(PluginState state, String error) {
    public static final PluginStatus NOT_RUNNING = new PluginStatus(PluginState.NOT_RUNNING, "");
}
