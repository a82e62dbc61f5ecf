package io.pluginconsole.web.browser;

import io.pluginconsole.testing.TarBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plugin bundle files as an administrator would pick them in the file chooser. */
final class Bundles {
    private Bundles() {
    }

    static Path write(Path folder, String id, String version) {
        return write(folder, id + "-" + version + ".tar.gz", id, TarBuilder.manifest(id, version));
    }

    /** A plugin with a webapp part only, which runs as soon as it is enabled. */
    static Path webapp(Path folder, String id, String version) {
        try {
            Files.createDirectories(folder.resolve("bundles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"" + id + " plugin\",\"version\":\"" + version
                + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}";
        return TarBuilder.plugin(id, manifest).file(id + "/webapp/main.js", "window.registerPlugin('" + id + "', {});")
                .tarGz(folder.resolve("bundles").resolve(id + "-" + version + ".tar.gz"));
    }

    /** A webapp plugin with a settings schema (JSON object text) and the given bundle script. */
    static Path webapp(Path folder, String id, String version, String settingsSchema, String script) {
        try {
            Files.createDirectories(folder.resolve("bundles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"" + id + " plugin\",\"version\":\"" + version
                + "\",\"webapp\":{\"bundle_path\":\"webapp/main.js\"},\"settings_schema\":" + settingsSchema + "}";
        return TarBuilder.plugin(id, manifest).file(id + "/webapp/main.js", script)
                .tarGz(folder.resolve("bundles").resolve(id + "-" + version + ".tar.gz"));
    }

    static Path write(Path folder, String fileName, String id, String manifestJson) {
        try {
            Files.createDirectories(folder.resolve("bundles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TarBuilder.plugin(id, manifestJson).tarGz(folder.resolve("bundles").resolve(fileName));
    }
}
