package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.ManifestParser;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.bundle.ParsedManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins folder and its two hidden work areas: {@code .incoming/} (bundles being unpacked)
 * and {@code .trash/} (the previous version of a plugin while its replacement starts). Both sit
 * inside the plugins folder so every switch is a rename on one file system. Hidden folders are
 * skipped by scans, as Mattermost skips them.
 */
public final class PluginFolders {
    private static final Logger LOG = LoggerFactory.getLogger(PluginFolders.class);

    private final Path plugins;
    private final Path incoming;
    private final Path trash;

    /** Deletes replaced plugin folders off the install's critical path. */
    private final java.util.concurrent.ExecutorService discarder = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "plugin-folder-discarder");
                thread.setDaemon(true);
                return thread;
            });

    public PluginFolders(Path plugins) {
        this.plugins = plugins.toAbsolutePath().normalize();
        this.incoming = this.plugins.resolve(".incoming");
        this.trash = this.plugins.resolve(".trash");
    }

    public Path root() {
        return plugins;
    }

    public Path live(String id) {
        return plugins.resolve(id);
    }

    public Path trashed(String id) {
        return trash.resolve(id);
    }

    public Path newIncoming() throws IOException {
        Files.createDirectories(incoming);
        Path dir = incoming.resolve(UUID.randomUUID().toString());
        Files.createDirectory(dir);
        return dir;
    }

    /**
     * Moves a folder that is no longer needed into the work area at once and deletes it in the
     * background. A crash before the delete finishes leaves it in {@code .incoming/}, which the
     * next start empties.
     */
    public void discard(Path folder) throws IOException {
        if (Files.notExists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(incoming);
        Path doomed = incoming.resolve("discard-" + UUID.randomUUID());
        Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        discarder.execute(() -> {
            try {
                deleteTree(doomed);
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", doomed, e.getMessage());
            }
        });
    }

    /** Waits until every discarded folder is deleted (for shutdown and tests). */
    public void awaitDiscards() {
        try {
            discarder.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Finishes what a crash interrupted. A folder in {@code .trash/} means an install of that
     * plugin did not complete: if the file store already holds the new bundle (its SHA-256 is the
     * one recorded in the new folder) the install is kept, otherwise the old folder is put back.
     * Either way the plugin ends up complete, and the work areas are emptied.
     *
     * @param storedSha the SHA-256 of a plugin's stored bundle, or null when there is none
     */
    public void recover(Function<String, String> storedSha) {
        try {
            Files.createDirectories(plugins);
            if (Files.isDirectory(trash)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(trash)) {
                    for (Path old : entries) {
                        finishInterrupted(old.getFileName().toString(), old, storedSha);
                    }
                }
            }
            deleteTree(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot tidy the plugins folder " + plugins, e);
        }
    }

    private void finishInterrupted(String id, Path old, Function<String, String> storedSha) throws IOException {
        Path live = plugins.resolve(id);
        if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
            InstallRecord record = InstallRecord.readFrom(live);
            if (record != null && record.sha256().equals(storedSha.apply(id))) {
                deleteTree(old);
                LOG.warn("Completed the interrupted install of plugin {}", id);
                return;
            }
            Files.createDirectories(incoming);
            Files.move(live, incoming.resolve(id + "-" + UUID.randomUUID()), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(old, live, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("Restored the previous version of plugin {} after an interrupted install", id);
    }

    /**
     * What a folder held when it was last read, with what tells that it changed since: the folder's
     * identity and time (a new version arrives by rename, a new file changes the folder's time)
     * and the times of the manifest and install record (edited in place).
     */
    private record Cached(Object fileKey, FileTime folderTime, String manifestTime, FileTime recordTime,
                          InstalledPlugin plugin) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Every plugin with a readable manifest, by id; unreadable folders are logged (once) and
     * skipped. Folders that did not change since the last scan are not read again, so listing
     * a hundred plugins costs a few file-system lookups each rather than parsing each manifest.
     */
    public Map<String, InstalledPlugin> scan() {
        Map<String, InstalledPlugin> found = new TreeMap<>();
        if (!Files.isDirectory(plugins)) {
            cache.clear();
            return found;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(plugins)) {
            for (Path dir : entries) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                seen.add(name);
                InstalledPlugin plugin = cached(name, dir);
                if (plugin == null) {
                    continue;
                }
                InstalledPlugin other = found.putIfAbsent(plugin.id(), plugin);
                if (other != null) {
                    LOG.warn("Plugin {} is in two folders ({} and {}); using {}", plugin.id(), other.folder(),
                            dir, other.folder());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the plugins folder " + plugins, e);
        }
        cache.keySet().retainAll(seen);
        return found;
    }

    private InstalledPlugin cached(String name, Path dir) throws IOException {
        BasicFileAttributes folder = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Cached known = cache.get(name);
        FileTime recordTime = modified(dir.resolve(io.pluginconsole.plugins.bundle.BundleReader.INSTALL_RECORD));
        if (known != null && java.util.Objects.equals(known.fileKey(), folder.fileKey())
                && folder.lastModifiedTime().equals(known.folderTime())
                && java.util.Objects.equals(known.recordTime(), recordTime)
                && java.util.Objects.equals(known.manifestTime(), manifestTime(dir))) {
            return known.plugin();
        }
        String manifest = manifestTime(dir); // before reading: a change after it shows at the next scan
        InstalledPlugin plugin = read(dir);
        cache.put(name, new Cached(folder.fileKey(), folder.lastModifiedTime(), manifest, recordTime, plugin));
        return plugin;
    }

    /**
     * The manifest's name, time and size, also for a folder that held none (or an unreadable one)
     * when last read: a manifest written into a new folder within the file system's clock tick
     * leaves the folder's time as it was, so only the manifest itself tells.
     */
    private static String manifestTime(Path dir) {
        for (String file : ManifestParser.FILE_NAMES) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir.resolve(file), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return file + " " + attributes.lastModifiedTime() + " " + attributes.size();
            } catch (IOException e) {
                // not this name
            }
        }
        return null;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads one plugin folder; null when it holds no usable manifest. */
    public static InstalledPlugin read(Path dir) {
        try {
            ParsedManifest parsed = ManifestParser.find(dir);
            if (parsed.manifest().id() == null || parsed.manifest().id().isEmpty()) {
                return null;
            }
            List<String> warnings = new ArrayList<>(parsed.warnings());
            warnings.addAll(ManifestValidator.warnings(parsed.manifest()));
            return new InstalledPlugin(parsed.manifest().id(), dir, parsed.manifest(), InstallRecord.readFrom(dir),
                    List.copyOf(warnings));
        } catch (PluginException e) {
            LOG.warn("Skipping {}: {}", dir, e.getMessage());
            return null;
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
