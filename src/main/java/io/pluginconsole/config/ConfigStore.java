package io.pluginconsole.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Where the configuration lives (a file for one node; the database for a cluster). */
public interface ConfigStore {

    /** The effective configuration: stored settings over defaults, then environment overrides. */
    Config current();

    /**
     * Changes the stored settings and saves them. The change is applied to a copy; if the result
     * is invalid nothing is saved and a {@link ConfigException} explains why.
     */
    Config update(Consumer<ObjectNode> change);

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
