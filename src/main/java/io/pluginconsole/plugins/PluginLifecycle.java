package io.pluginconsole.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.install.BundleLedger;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.PluginLocks;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.plugins.sync.PluginReconciler;
import io.pluginconsole.plugins.sync.RunRule;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.FileStoreException;
import io.pluginconsole.storage.StoreKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enable, disable and remove. Enabling and disabling write {@code PluginStates} in the
 * configuration; whether a plugin then runs is decided by the reconciler's one rule, which this
 * class asks to converge the plugin at once so the request sees the outcome. Configuration changes
 * from anywhere (the API, the settings page, a hand edit, another node) converge the plugins whose
 * wanted state changed and send running plugins their changed settings.
 */
public final class PluginLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);

    /** Why a pre-packaged plugin cannot be removed (the page's note and the API's error). */
    public static final String PREPACKAGED_REMOVE_NOTE =
            "Pre-packaged with the server; remove the bundle from the prepackaged_plugins folder to remove it.";

    private final ConfigStore config;
    private final PluginFolders folders;
    private final FileStore store;
    private final PluginRuntime runtime;
    private final PluginLocks locks;
    private final PluginReconciler reconciler;
    private final PrepackagedOffers offers;
    private final PluginAvailability availability;
    private volatile BundleLedger ledger = BundleLedger.NONE;

    public PluginLifecycle(ConfigStore config, PluginFolders folders, FileStore store, PluginRuntime runtime,
                           PluginLocks locks, PluginReconciler reconciler, PrepackagedOffers offers,
                           PluginAvailability availability) {
        this.config = config;
        this.folders = folders;
        this.store = store;
        this.runtime = runtime;
        this.locks = locks;
        this.reconciler = reconciler;
        this.offers = offers;
        this.availability = availability;
    }

    /** Removals are recorded in the cluster's shared ledger from now on. */
    public void useLedger(BundleLedger shared) {
        this.ledger = shared;
    }

    /** Enables (installing or upgrading its pre-packaged offer first); enabling again retries a plugin that failed. */
    public void enable(String id) {
        availability.require();
        offers.installIfNewer(id);
        locks.withLock(id, () -> {
            require(id);
            boolean wasWanted = RunRule.shouldRun(config.current(), id);
            setEnabled(id, true); // a change of the wanted state converges the plugin through the listener
            if (wasWanted) {
                reconciler.converge(id, true);
            }
            return null;
        });
    }

    public void disable(String id) {
        locks.withLock(id, () -> {
            if (!folders.scan().containsKey(id) && offers.offered().containsKey(id)) {
                setEnabled(id, false); // on offer, not installed: nothing runs
                return null;
            }
            require(id);
            setEnabled(id, false);
            reconciler.converge(id, false);
            return null;
        });
    }

    /**
     * Removes a plugin: disabled first (settings kept), then its stored bundle, then its folder.
     * A pre-packaged plugin is refused: it comes back from its bundle at every start.
     */
    public void remove(String id, boolean prepackaged) {
        availability.require();
        if (prepackaged) {
            throw new PluginException(ErrorIds.REMOVE_PREPACKAGED, PluginException.Kind.FORBIDDEN,
                    PREPACKAGED_REMOVE_NOTE, "pre-packaged plugin " + id, null);
        }
        locks.withLock(id, () -> {
            InstalledPlugin plugin = require(id);
            setEnabled(id, false);
            runtime.deactivate(id);
            try {
                store.delete(StoreKeys.bundle(id));
                store.delete(StoreKeys.signature(id));
            } catch (FileStoreException e) {
                throw new PluginException(ErrorIds.REMOVE_BUNDLE, PluginException.Kind.UPSTREAM,
                        "Unable to delete the plugin's bundle from the file store, so the plugin was kept: "
                                + e.getMessage(), e.getMessage(), e);
            }
            try {
                ledger.recordRemoved(id);
            } catch (RuntimeException e) {
                LOG.warn("Removed the bundle of {} but could not record it in the cluster database "
                        + "(the other nodes still remove it on their next pass): {}", id, e.getMessage());
            }
            try {
                folders.discard(plugin.folder());
            } catch (IOException e) {
                throw new PluginException(ErrorIds.REMOVE, PluginException.Kind.INTERNAL,
                        "Unable to delete the plugin folder " + plugin.folder() + ": " + e.getMessage(),
                        e.getMessage(), e);
            }
            LOG.info("Removed plugin {}", id);
            return null;
        });
    }

    /** A configuration change: converge plugins whose wanted state changed, send changed settings. */
    public void configurationChanged(Config before, Config after) {
        if (availability.unavailable()) {
            return; // nothing runs until the folder problem is fixed
        }
        for (InstalledPlugin plugin : folders.scan().values()) {
            String id = plugin.id();
            if (RunRule.shouldRun(before, id) != RunRule.shouldRun(after, id)) {
                // Decided on the latest configuration, so a late call does no harm.
                reconciler.converge(id, true);
            }
            if (!Objects.equals(settings(before, id), settings(after, id))) {
                runtime.configure(id, settings(config.current(), id));
            }
        }
    }

    /**
     * The installed plugins that should run, each shown as Starting until the background start
     * ({@link PluginReconciler#convergeAll}) has started it or it failed.
     */
    public List<String> markStarting() {
        Config current = config.current();
        List<String> ids = new ArrayList<>();
        for (InstalledPlugin plugin : folders.scan().values()) {
            if (RunRule.shouldRun(current, plugin.id())) {
                runtime.starting(plugin.id());
                ids.add(plugin.id());
            }
        }
        return ids;
    }

    /** A plugin's settings ({@code PluginSettings.Plugins[id]}), empty when it has none. */
    public static Map<String, Object> settings(Config config, String id) {
        var all = config.pluginSettings().plugins();
        Map<String, Object> mine = all == null ? null : all.get(id);
        return mine == null ? Map.of() : mine;
    }

    private InstalledPlugin require(String id) {
        InstalledPlugin plugin = folders.scan().get(id);
        if (plugin == null) {
            throw new PluginException(ErrorIds.NOT_INSTALLED, PluginException.Kind.NOT_FOUND,
                    "Plugin is not installed: " + id + ". Check the id with the plugin list.", "not installed", null);
        }
        return plugin;
    }

    private void setEnabled(String id, boolean value) {
        config.update(tree -> {
            ObjectNode settings = tree.withObjectProperty("PluginSettings");
            ObjectNode states = settings.withObjectProperty("PluginStates");
            states.putObject(id).put("Enable", value);
        });
    }
}
