package io.pluginconsole.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Where the configuration lives (a file for one node; the database for a cluster). */
public interface ConfigStore {

    /** The effective configuration: stored settings over defaults, then environment overrides. */
    Config current();

    /**
     * Changes the stored settings and saves them. {@code change} is a delta: it is applied to what
     * is stored at the moment of the save (re-read, so changes made elsewhere are kept), never to
     * a copy held in memory, and may run more than once if the store changes meanwhile. If the
     * result is invalid nothing is saved and a {@link ConfigException} explains why.
     */
    Config update(Consumer<ObjectNode> change);

    /**
     * Starts applying changes made elsewhere (e.g. a hand edit of config.json) while the server
     * runs, telling the listeners; closing stops it. Stores that are refreshed otherwise do nothing.
     */
    default AutoCloseable followChanges() {
        return () -> { };
    }

    /** Whether an environment variable sets this setting, so it must never be written. */
    default boolean overridden(String section, String key) {
        return false;
    }

    /**
     * Calls {@code listener} after every saved change, outside the store's lock, with the
     * configuration before and after it. Listeners must read {@link #current()} for the latest
     * state: with concurrent changes, calls may arrive out of order.
     */
    void addListener(Listener listener);

    /** Told about saved changes. */
    @FunctionalInterface
    interface Listener {
        void changed(Config before, Config after);
    }

    /** Where the settings are kept, for messages. */
    String location();
}
