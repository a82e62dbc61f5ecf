package io.pluginconsole.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of a {@link ConfigStore}; one that fails is logged and does not stop the others. */
public final class ConfigListeners {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigListeners.class);
    private final List<ConfigStore.Listener> listeners = new CopyOnWriteArrayList<>();

    public void add(ConfigStore.Listener listener) {
        listeners.add(listener);
    }

    /** Tells every listener; call outside the store's lock. */
    public void fire(Config before, Config after) {
        for (ConfigStore.Listener listener : listeners) {
            try {
                listener.changed(before, after);
            } catch (RuntimeException e) {
                LOG.error("A configuration listener failed; the change was saved", e);
            }
        }
    }
}
