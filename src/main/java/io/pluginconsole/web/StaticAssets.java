package io.pluginconsole.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the console's own CSS and scripts are served from: ./static when it exists (edits show on
 * the next request), else a copy of the jar's, written at start into the node's data folder.
 * Serving them from inside the jar would make the web server open the whole jar (tens of
 * thousands of entries) as a file system before it listens, a large part of the start; the few
 * files named in {@value #INDEX} (written by the build) are copied in a few milliseconds instead.
 */
final class StaticAssets {
    static final String INDEX = "static-index.txt";
    private static final Logger LOG = LoggerFactory.getLogger(StaticAssets.class);

    private StaticAssets() {
    }

    /** The folder to serve, or null when only the class path can serve them (no index, or no copy possible). */
    static Path folder(Path workingDir, Path dataFolder) {
        Path onDisk = workingDir.resolve("static");
        if (Files.isDirectory(onDisk)) {
            return onDisk.toAbsolutePath();
        }
        ClassLoader loader = StaticAssets.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(INDEX)) {
            if (index == null) {
                return null;
            }
            Path copy = dataFolder.resolve(".static").toAbsolutePath().normalize();
            for (String name : names(new String(index.readAllBytes(), StandardCharsets.UTF_8))) {
                copy(loader, name, copy);
            }
            return copy;
        } catch (IOException e) {
            LOG.warn("Cannot copy the console's CSS and scripts to {}: {}; serving them from the jar",
                    dataFolder.resolve(".static"), e.getMessage());
            return null;
        }
    }

    /** The relative file names of the index, one a line; anything that could leave the folder is refused. */
    private static List<String> names(String index) throws IOException {
        List<String> names = index.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        for (String name : names) {
            if (name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
                throw new IOException("unexpected name in " + INDEX + ": " + name);
            }
        }
        return names;
    }

    /** Writes the jar's file beside its final name first, then renames it, so a request never sees half a file. */
    private static void copy(ClassLoader loader, String name, Path folder) throws IOException {
        try (InputStream in = loader.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IOException("static/" + name + " is listed in " + INDEX + " but not in the jar");
            }
            Path target = folder.resolve(name);
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
