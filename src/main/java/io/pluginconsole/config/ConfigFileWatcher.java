package io.pluginconsole.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code check} when a file changes, as Mattermost watches config.json: a watch on the file's
 * folder answers at once, and a check every {@code interval} catches what the watch misses
 * (network file systems, an editor that replaces the folder entry in ways not reported).
 */
final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    /** Editors often write a file in several steps; changes this close together are read once. */
    private static final long SETTLE_MILLIS = 150;

    private final Path file;
    private final Duration interval;
    private final Runnable check;
    private final WatchService watch;
    private final Thread thread;
    private volatile boolean closed;

    private ConfigFileWatcher(Path file, Duration interval, Runnable check) {
        this.file = file;
        this.interval = interval;
        this.check = check;
        this.watch = openWatch(file.getParent());
        this.thread = new Thread(this::run, "config-watch");
        this.thread.setDaemon(true);
    }

    static ConfigFileWatcher start(Path file, Duration interval, Runnable check) {
        ConfigFileWatcher watcher = new ConfigFileWatcher(file, interval, check);
        watcher.thread.start();
        return watcher;
    }

    private static WatchService openWatch(Path folder) {
        try {
            WatchService service = folder.getFileSystem().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot watch {} for changes ({}); checking it every few seconds instead", folder, e.getMessage());
            return null;
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (waitForChange()) {
                    check.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Checking {} for changes failed", file, e);
            }
        }
    }

    /** Waits for an event about the file or the end of the interval; false when closed meanwhile. */
    private boolean waitForChange() throws InterruptedException {
        if (watch == null) {
            Thread.sleep(interval.toMillis());
            return !closed;
        }
        WatchKey key = watch.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
        while (key != null) {
            key.pollEvents(); // any event (an overflow too) leads to one check below
            key.reset();
            key = watch.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        if (watch == null) {
            thread.interrupt(); // only the fallback's sleep; a reload under way is left to finish
        } else {
            try {
                watch.close(); // wakes the waiting poll
            } catch (IOException e) {
                // nothing to release beyond this
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
