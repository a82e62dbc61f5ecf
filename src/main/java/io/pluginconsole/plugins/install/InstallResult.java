package io.pluginconsole.plugins.install;

/** What an install did: the plugin now installed, and the version it replaced (null if new). */
public record InstallResult(InstalledPlugin plugin, String previousVersion, boolean replaced) {
}
