package io.pluginconsole.plugins;

import io.pluginconsole.config.Config;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.InstallSource;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.plugins.install.Installer;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.plugins.install.Prepackaged;
import io.pluginconsole.plugins.install.StagedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins that ship with the server (read once, on first use) and their installs: a plugin
 * enabled in {@code PluginStates} is installed from its offer, or upgraded when the offer is newer
 * than the installed version (never downgraded), through the install pipeline and without writing
 * it to the file store (each node has its own offers).
 */
public final class PrepackagedOffers {
    private static final Logger LOG = LoggerFactory.getLogger(PrepackagedOffers.class);

    private final Prepackaged prepackaged;
    private final BundleStager stager;
    private final Installer installer;
    private final PluginFolders folders;
    private final Supplier<Config> config;
    private final PluginAvailability availability;

    public PrepackagedOffers(Prepackaged prepackaged, BundleStager stager, Installer installer, PluginFolders folders,
                             Supplier<Config> config, PluginAvailability availability) {
        this.prepackaged = prepackaged;
        this.stager = stager;
        this.installer = installer;
        this.folders = folders;
        this.config = config;
        this.availability = availability;
    }

    /** The offers by id (nothing is read while plugins are unavailable). */
    public Map<String, Prepackaged.Bundle> offered() {
        if (availability.unavailable()) {
            return prepackaged.loaded();
        }
        return prepackaged.load(stager, installer::inspect);
    }

    /** With {@code AutomaticPrepackagedPlugins}: installs or upgrades every enabled offer. */
    public SyncReport installEnabled() {
        List<String> installed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Config.PluginSettings settings = config.get().pluginSettings();
        if (!settings.automaticPrepackagedPlugins() || availability.unavailable()) {
            return new SyncReport(installed, List.of(), kept, problems);
        }
        for (Prepackaged.Bundle bundle : offered().values()) {
            if (!settings.isEnabled(bundle.id())) {
                continue;
            }
            try {
                if (installIfNewer(bundle.id())) {
                    installed.add(bundle.id());
                } else {
                    kept.add(bundle.id());
                }
            } catch (PluginException e) {
                problems.add("Could not install the pre-packaged plugin " + bundle.id() + " from " + bundle.origin()
                        + ": " + e.getMessage());
                LOG.error(problems.get(problems.size() - 1));
            }
        }
        return new SyncReport(installed, List.of(), kept, problems);
    }

    /** Installs the offer of {@code id} when it is not installed or older; returns whether it installed. */
    public boolean installIfNewer(String id) {
        Prepackaged.Bundle bundle = offered().get(id);
        if (bundle == null) {
            return false;
        }
        InstalledPlugin present = folders.scan().get(id);
        if (present != null && !Prepackaged.isNewer(bundle.manifest().version(), present.manifest().version())) {
            return false;
        }
        try (InputStream in = bundle.candidate().bundle().open();
             StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
            InstallResult result = installer.installStaged(staged, bundle.signature(), InstallMode.IF_NEWER,
                    InstallSource.PREPACKAGED, false);
            LOG.info("Installed the pre-packaged plugin {} {} from {}{}", id, bundle.version(), bundle.origin(),
                    result.replaced() ? " (was " + result.previousVersion() + ")" : "");
            return true;
        } catch (PluginException e) {
            if (e.id().equals(ErrorIds.SKIP_INSTALLATION)) {
                return false; // installed meanwhile by another request
            }
            throw e;
        } catch (IOException e) {
            throw new PluginException(ErrorIds.INSTALL, PluginException.Kind.INTERNAL,
                    "The pre-packaged bundle " + bundle.origin() + " could not be read: " + e.getMessage(),
                    e.getMessage(), e);
        }
    }
}
