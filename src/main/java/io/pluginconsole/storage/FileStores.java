package io.pluginconsole.storage;

import io.pluginconsole.config.Config;
import java.nio.file.Path;

/** Picks the file store FileSettings.DriverName names. */
public final class FileStores {
    private FileStores() {
    }

    public static FileStore fromSettings(Config.FileSettings settings, Path workingDir) {
        if (settings.driverName().equals("amazons3")) {
            return S3FileStore.fromSettings(settings);
        }
        return new LocalFileStore(workingDir.resolve(settings.directory()));
    }
}
