package io.pluginconsole.plugins.runtime;

import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.install.PluginFolders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Publishes a plugin's webapp bundle as Mattermost does: the folder holding the bundle is copied
 * to {@code ClientDirectory/<id>/} and the bundle renamed {@code <id>_<fnv1a64 hex>_bundle.js}, so
 * its URL changes whenever its content does and can be cached for ever.
 */
public final class WebappBundles {
    private final Path clientDir;

    public WebappBundles(Path clientDir) {
        this.clientDir = clientDir.toAbsolutePath().normalize();
    }

    public Path folder() {
        return clientDir;
    }

    /** Copies the bundle and returns its file name, e.g. {@code demo_27fe89a63496f90f_bundle.js}. */
    public String publish(String id, Path pluginFolder, Manifest manifest) throws IOException {
        Path bundle = ManifestValidator.resolve(pluginFolder, manifest.webapp().bundlePath());
        if (bundle == null || !Files.isRegularFile(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the webapp bundle " + manifest.webapp().bundlePath() + " is missing");
        }
        Path target = clientDir.resolve(id);
        PluginFolders.deleteTree(target);
        Files.createDirectories(target);
        Path source = bundle.getParent();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(copy);
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String name = id + "_" + fnv1a64(bundle) + "_bundle.js";
        Files.move(target.resolve(bundle.getFileName().toString()), target.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
        return name;
    }

    public void remove(String id) throws IOException {
        PluginFolders.deleteTree(clientDir.resolve(id));
    }

    /** FNV-1a 64 over the file's bytes, as 16 lower-case hex digits (Go's hash/fnv New64a). */
    static String fnv1a64(Path file) throws IOException {
        long hash = 0xcbf29ce484222325L;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    hash ^= buffer[i] & 0xff;
                    hash *= 0x100000001b3L;
                }
            }
        }
        return String.format("%016x", hash);
    }
}
