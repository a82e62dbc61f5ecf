package io.pluginconsole.plugins;

/**
 * A plugin with the bundle's id is already installed (Mattermost's app.plugin.install_id.app_error);
 * carries both versions so a console can offer to overwrite and say whether that upgrades.
 */
public final class PluginConflictException extends PluginException {
    private final String pluginId;
    private final String installedVersion;
    private final String uploadedVersion;

    public PluginConflictException(String pluginId, String installedVersion, String uploadedVersion) {
        super(ErrorIds.INSTALL_ID, Kind.BAD_INPUT,
                "Unable to install plugin. A plugin with the same ID is already installed. Install it again with "
                        + "force to replace version " + printable(installedVersion) + " with "
                        + printable(uploadedVersion) + ".",
                "installed " + printable(installedVersion) + ", uploaded " + printable(uploadedVersion), null);
        this.pluginId = pluginId;
        this.installedVersion = installedVersion == null ? "" : installedVersion;
        this.uploadedVersion = uploadedVersion == null ? "" : uploadedVersion;
    }

    public String pluginId() {
        return pluginId;
    }

    public String installedVersion() {
        return installedVersion;
    }

    public String uploadedVersion() {
        return uploadedVersion;
    }

    private static String printable(String version) {
        return version == null || version.isEmpty() ? "(no version)" : version;
    }
}
