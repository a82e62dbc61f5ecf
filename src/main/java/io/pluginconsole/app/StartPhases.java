package io.pluginconsole.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the start's time goes, phase by phase, so that a slow start can be traced to its part
 * (printed once at start as one log line).
 */
final class StartPhases {
    private final List<String> phases = java.util.Collections.synchronizedList(new ArrayList<>());
    private final long began = System.nanoTime();
    private long last = began;

    /** Ends the phase that ran since the previous mark (or the start) under {@code name}. */
    void mark(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    /** A phase that ran alongside the others (on its own thread), {@code nanos} long. */
    void add(String name, long nanos) {
        phases.add(name + " " + nanos / 1_000_000 + " ms (in parallel)");
    }

    /** The phases, their total and the time the process had run before the server's start began. */
    String summary() {
        long total = (last - began) / 1_000_000;
        String before = ProcessHandle.current().info().startInstant()
                .map(start -> ", process start to here " + Duration.between(start, Instant.now()).toMillis() + " ms")
                .orElse("");
        return "Started in " + total + " ms (" + String.join(", ", List.copyOf(phases)) + ")" + before;
    }
}
