package io.pluginconsole.plugins.runtime;

/** Mattermost's plugin states, with the numbers its API uses. */
public enum PluginState {
    NOT_RUNNING(0, "Not running"),
    STARTING(1, "Starting"),
    RUNNING(2, "Running"),
    FAILED_TO_START(3, "Failed to start"),
    CRASHING(4, "Crashing"),
    STOPPING(5, "Stopping");

    private final int code;
    private final String label;

    PluginState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }
}
