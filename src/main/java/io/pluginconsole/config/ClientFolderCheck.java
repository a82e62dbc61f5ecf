package io.pluginconsole.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything in PluginSettings.ClientDirectory is served at /static/plugins/ to anyone, signed in or
 * not. A client folder that is, or contains, a folder holding private files (the configuration
 * with its secrets, the node's data folder with the embedded database and the setup token, the
 * file store's bundles, the logs, the plugins' own files) would publish them,
 * so the server refuses to start with one.
 */
public final class ClientFolderCheck {
    private static final String DEFAULT_LOG_LOCATION = "./logs";

    private ClientFolderCheck() {
    }

    /**
     * Throws a {@link ConfigException} naming the setting and the folder it would publish.
     *
     * @param configFolder the folder of config.json, or null when the configuration is in a database
     */
    public static void check(Config config, Path workingDir, Path configFolder, String location) {
        Path work = workingDir.toAbsolutePath().normalize();
        String setting = config.pluginSettings().clientDirectory();
        Path client = real(work.resolve(setting));
        String logs = config.logSettings().fileLocation();
        Map<String, Path> privateFolders = new LinkedHashMap<>();
        privateFolders.put("working folder", work);
        privateFolders.put("data folder (ServiceSettings.DataDirectory)", config.serviceSettings().dataFolder(work));
        privateFolders.put("file store folder (FileSettings.Directory)", work.resolve(config.fileSettings().directory()));
        if (configFolder != null) {
            privateFolders.put("configuration folder", configFolder);
        }
        privateFolders.put("log folder (LogSettings.FileLocation)",
                work.resolve(logs == null || logs.isBlank() ? DEFAULT_LOG_LOCATION : logs));
        privateFolders.put("plugins folder (PluginSettings.Directory)", work.resolve(config.pluginSettings().directory()));
        for (Map.Entry<String, Path> entry : privateFolders.entrySet()) {
            Path folder = real(entry.getValue());
            if (folder.startsWith(client)) {
                throw new ConfigException(location + ": PluginSettings.ClientDirectory is \"" + setting + "\" ("
                        + client + "), which " + (folder.equals(client) ? "is" : "contains") + " the "
                        + entry.getKey() + " " + folder + ". Everything in the client folder is served to anyone "
                        + "without signing in, so it must be a folder of its own: set PluginSettings.ClientDirectory "
                        + "to a separate folder such as \"./client/plugins\" and start again.");
            }
        }
    }

    /** The path with symbolic links resolved as far as it exists, so two spellings of one folder compare equal. */
    public static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
