package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.bundle.Manifest;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin found in the plugins folder. {@code record} is null for a plugin unpacked there by
 * hand (listed as manually installed, never touched by sync).
 */
public record InstalledPlugin(String id, Path folder, Manifest manifest, InstallRecord record, List<String> warnings) {
    public boolean managed() {
        return record != null;
    }

    /** Where it came from; {@link InstallSource#MANUAL} when it was unpacked by hand. */
    public InstallSource source() {
        return record == null ? InstallSource.MANUAL : record.source();
    }
}
