package io.pluginconsole.plugins.state;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees plugins unpacked, edited or deleted by hand in the plugins folder: a file-system watch on
 * the folder and on each plugin folder in it (a manifest edited in place) triggers a rescan, and
 * a rescan also runs every {@code period} in case the watch misses something (network file
 * systems, a folder replaced between two registrations). A rescan that finds nothing new
 * publishes nothing.
 */
public final class PluginFolderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginFolderWatch.class);

    /** The files of a plugin folder the listing is read from. */
    private static final java.util.Set<String> LISTED_FILES = java.util.stream.Stream.concat(
            io.pluginconsole.plugins.bundle.ManifestParser.FILE_NAMES.stream(),
            java.util.stream.Stream.of(io.pluginconsole.plugins.bundle.BundleReader.INSTALL_RECORD))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Path root;
    private final PluginCatalog catalog;
    private final Duration period;
    private final WatchService watcher;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong rescans = new java.util.concurrent.atomic.AtomicLong();

    private PluginFolderWatch(Path root, PluginCatalog catalog, Duration period, WatchService watcher) {
        this.root = root;
        this.catalog = catalog;
        this.period = period;
        this.watcher = watcher;
        this.thread = new Thread(this::run, "plugin-folder-watch");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code root}; without a file-system watch, the periodic rescan alone is used. */
    public static PluginFolderWatch start(Path root, PluginCatalog catalog, Duration period) {
        WatchService watcher = null;
        try {
            watcher = root.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot watch the plugins folder {} ({}); hand changes are seen by a rescan every {} ms",
                    root, e.getMessage(), period.toMillis());
        }
        PluginFolderWatch watch = new PluginFolderWatch(root, catalog, period, watcher);
        watch.thread.start();
        return watch;
    }

    private void run() {
        while (!closed) {
            try {
                register();
                awaitChangeOrPeriod();
                catalog.refresh();
                rescans.incrementAndGet();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Rescanning the plugins folder failed; retrying: {}", e.toString());
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Waits for a change that can alter the listing, or for the period. Inside a plugin folder
     * only its manifest and install record count: a plugin writing its own files there (logs,
     * caches) must not cost a rescan per write.
     */
    private void awaitChangeOrPeriod() throws InterruptedException {
        if (watcher == null) {
            Thread.sleep(period.toMillis());
            return;
        }
        long deadline = System.nanoTime() + period.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            WatchKey key = left > 0 ? watcher.poll(left, TimeUnit.NANOSECONDS) : null;
            if (key == null) {
                return; // the periodic rescan
            }
            boolean relevant = false;
            while (key != null) {
                relevant |= relevant(key);
                if (!key.reset()) {
                    keys.values().remove(key);
                    relevant = true; // a folder went away
                }
                key = watcher.poll(); // take everything that arrived together, rescan once
            }
            if (relevant) {
                return;
            }
        }
    }

    private boolean relevant(WatchKey key) {
        boolean inRoot = root.equals(key.watchable());
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (inRoot || event.kind() == StandardWatchEventKinds.OVERFLOW
                    || event.context() instanceof Path name && LISTED_FILES.contains(name.toString())) {
                relevant = true;
            }
        }
        return relevant;
    }

    /** Watches the folder and every plugin folder in it; folders gone are dropped. */
    private void register() {
        if (watcher == null) {
            return;
        }
        watch(root);
        if (!Files.isDirectory(root)) {
            return;
        }
        java.util.Set<Path> present = new java.util.HashSet<>();
        present.add(root);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path dir : entries) {
                if (!dir.getFileName().toString().startsWith(".")
                        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    present.add(dir);
                    watch(dir);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", root, e.getMessage());
        }
        keys.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().cancel();
            return true;
        });
    }

    private void watch(Path dir) {
        WatchKey known = keys.get(dir);
        if (known != null && known.isValid()) {
            return;
        }
        try {
            keys.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException e) {
            keys.remove(dir); // gone meanwhile, or not a folder yet: the periodic rescan covers it
        }
    }

    /** How many rescans ran (for diagnostics). */
    public long rescans() {
        return rescans.get();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            if (watcher != null) {
                watcher.close();
            }
            thread.join(5_000);
        } catch (IOException e) {
            LOG.debug("Closing the plugins folder watch: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
