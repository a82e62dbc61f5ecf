package io.pluginconsole.cli;

import io.pluginconsole.plugins.bundle.ServerVersion;
import picocli.CommandLine;

/** Prints the product version and the Mattermost version it is compatible with. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"plugin-console " + (version == null ? "dev" : version)
                + " (Mattermost-compatible " + ServerVersion.COMPATIBLE + ")"};
    }
}
