package io.pluginconsole.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Which files appear in a folder while something runs, even files deleted again before it
 * ends (such as multipart spill files, removed when their request completes).
 */
public final class FolderWatch {
    private FolderWatch() {
    }

    /** Something a test does that may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * The names created directly in {@code folder} while {@code action} ran. A marker file
     * written afterwards is awaited, so every earlier event has been delivered when the list is
     * taken.
     */
    public static List<String> created(Path folder, Action action) throws Exception {
        Files.createDirectories(folder);
        try (WatchService watch = folder.getFileSystem().newWatchService()) {
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            action.run();
            Path marker = folder.resolve("marker-" + System.nanoTime());
            Files.writeString(marker, "m");
            List<String> created = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                WatchKey key = watch.poll();
                if (key != null) {
                    for (WatchEvent<?> e : key.pollEvents()) {
                        created.add(String.valueOf(e.context()));
                    }
                    key.reset();
                }
                return created.contains(marker.getFileName().toString());
            });
            Files.delete(marker);
            created.remove(marker.getFileName().toString());
            return created;
        }
    }
}
