package io.pluginconsole.plugins.state;

import io.pluginconsole.config.Config;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link PluginSnapshot}, the one thing read paths consult. Writers call
 * {@link #refresh} after changing the plugins folder (it rescans) and {@link #restate} after a
 * status or configuration change (no disk); both run one at a time and publish a new version only
 * when something differs. A scan always starts after the previous publish finished, so a change
 * followed by {@code refresh()} is visible to every later read.
 */
public final class PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);

    private static final Comparator<PluginInfo> CONSOLE_ORDER = Comparator
            .comparing((PluginInfo p) -> p.plugin().manifest().displayName().toLowerCase(Locale.ROOT))
            .thenComparing(PluginInfo::id);

    private final PluginFolders folders;
    private final Supplier<Map<String, Prepackaged.Bundle>> offers;
    private final Supplier<Config> config;
    private final PluginRuntime runtime;
    private volatile Function<String, String> alerts = id -> null;
    private volatile ToIntFunction<String> failedStarts = id -> 0;
    private final Object writer = new Object();

    private volatile PluginSnapshot current;
    /** What the last scan found, reused when only statuses or settings changed. */
    private Map<String, InstalledPlugin> scanned = Map.of();
    private Map<String, Prepackaged.Bundle> offered = Map.of();

    public PluginCatalog(PluginFolders folders, Supplier<Map<String, Prepackaged.Bundle>> offers,
                         Supplier<Config> config, PluginRuntime runtime) {
        this.folders = folders;
        this.offers = offers;
        this.config = config;
        this.runtime = runtime;
    }

    /**
     * Where each plugin's alert (null: none) and count of failed starts come from; both are
     * published with the plugin's state.
     */
    public void reconcilerState(Function<String, String> alertOf, ToIntFunction<String> failedStartsOf) {
        this.alerts = alertOf;
        this.failedStarts = failedStartsOf;
    }

    /** The latest snapshot; the first call builds it from a scan. */
    public PluginSnapshot current() {
        PluginSnapshot snapshot = current;
        return snapshot != null ? snapshot : refresh();
    }

    /** Rescans the plugins folder and publishes what changed. A folder that cannot be listed keeps the last snapshot. */
    public PluginSnapshot refresh() {
        // Read before taking the writer: the first read of the offers unpacks bundles, which must not
        // wait behind a status change waiting for this writer.
        Map<String, Prepackaged.Bundle> latestOffers = offers.get();
        synchronized (writer) {
            offered = latestOffers;
            try {
                scanned = Map.copyOf(folders.scan());
            } catch (UncheckedIOException e) {
                LOG.warn("Keeping the last plugin list: {}", e.getMessage());
                if (current != null) {
                    return current;
                }
            }
            return publish();
        }
    }

    /** Publishes statuses and enabled flags as they are now, from the last scan (no disk). */
    public void restate() {
        synchronized (writer) {
            if (current != null) {
                publish();
            }
        }
    }

    private PluginSnapshot publish() {
        Config.PluginSettings settings = config.get().pluginSettings();
        List<PluginInfo> plugins = new ArrayList<>();
        for (InstalledPlugin plugin : scanned.values()) {
            plugins.add(new PluginInfo(plugin, settings.isEnabled(plugin.id()), runtime.status(plugin.id()), true,
                    Prepackaged.isOfferedCopy(plugin, offered), alerts.apply(plugin.id()),
                    failedStarts.applyAsInt(plugin.id())));
        }
        for (Prepackaged.Bundle bundle : offered.values()) {
            if (!scanned.containsKey(bundle.id())) {
                InstalledPlugin virtual = new InstalledPlugin(bundle.id(), folders.live(bundle.id()), bundle.manifest(),
                        null, List.of());
                plugins.add(new PluginInfo(virtual, settings.isEnabled(bundle.id()), runtime.status(bundle.id()),
                        false, true, alerts.apply(bundle.id()), failedStarts.applyAsInt(bundle.id())));
            }
        }
        plugins.sort(CONSOLE_ORDER);
        PluginSnapshot before = current;
        if (before != null && before.sameAs(plugins)) {
            return before;
        }
        PluginSnapshot next = new PluginSnapshot(before == null ? 1 : before.version() + 1, plugins);
        current = next;
        return next;
    }
}
