package io.pluginconsole.testing;

import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A server's working folder in a temp directory: config/, data/, plugins/, plus canary files
 * beside and above them that no install may touch.
 */
public final class Workspace {
    private final Path root;
    private PluginConsole console;

    public Workspace(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("outside/nested"));
            Files.writeString(root.resolve("outside/canary.txt"), "canary");
            Files.writeString(root.resolve("outside/nested/canary.txt"), "canary");
            Files.createDirectories(root.resolve("plugins-evil"));
            Files.writeString(root.resolve("plugins-evil/canary.txt"), "canary");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open(new OfflineRuntime(), BundleLimits.defaults(), InstallSteps.NONE);
    }

    /** (Re)builds the console over the same folders, as a restart would. */
    public PluginConsole open(PluginRuntime runtime, BundleLimits limits, InstallSteps steps) {
        FileConfigStore config = new FileConfigStore(root.resolve("config/config.json"), EnvOverrides.none());
        console = PluginConsole.build(config, root, runtime, limits, steps);
        return console;
    }

    public Path root() {
        return root;
    }

    public PluginConsole console() {
        return console;
    }

    public PluginService plugins() {
        return console.plugins();
    }

    public Path pluginsDir() {
        return root.resolve("plugins");
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path storedBundle(String id) {
        return dataDir().resolve("plugins/" + id + ".tar.gz");
    }

    public void install(byte[] bundle, io.pluginconsole.plugins.install.InstallMode mode) {
        plugins().install(new ByteArrayInputStream(bundle), mode, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
    }

    /** SHA-256 of every file below {@code dir}, keyed by relative path (modes included). */
    public static Map<String, String> snapshot(Path dir) {
        Map<String, String> result = new TreeMap<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return result;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    result.put(rel, "link");
                } else if (Files.isRegularFile(p)) {
                    result.put(rel, sha256(Files.readAllBytes(p)) + " "
                            + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else {
                    result.put(rel + "/", "dir");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Everything outside plugins/ and data/ (canaries, config excluded). */
    public Map<String, String> outside() {
        Map<String, String> result = new TreeMap<>();
        snapshot(root).forEach((path, hash) -> {
            if (!path.startsWith("plugins/") && !path.startsWith("data/") && !path.startsWith("config/")
                    && !path.equals("plugins/") && !path.equals("data/") && !path.equals("config/")) {
                result.put(path, hash);
            }
        });
        return result;
    }

    /** Paths left in the work areas (.incoming, .trash, .staging); empty after every install. */
    public java.util.List<String> debris() {
        console.folders().awaitDiscards();
        java.util.List<String> found = new java.util.ArrayList<>();
        for (Path area : new Path[] {pluginsDir().resolve(".incoming"), pluginsDir().resolve(".trash"),
                dataDir().resolve(".staging")}) {
            if (Files.isDirectory(area)) {
                try (Stream<Path> list = Files.list(area)) {
                    list.forEach(p -> found.add(root.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
