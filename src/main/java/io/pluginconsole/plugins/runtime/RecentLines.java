package io.pluginconsole.plugins.runtime;

import java.util.ArrayDeque;
import java.util.List;

/** The last few lines of a plugin's stderr, each shortened, so a failure can show what the plugin said. */
final class RecentLines {
    static final int LINES = 20;
    static final int LINE_CHARS = 1000;

    private final ArrayDeque<String> lines = new ArrayDeque<>(LINES);

    synchronized void add(String line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() <= LINE_CHARS ? line : line.substring(0, LINE_CHARS) + "…");
    }

    synchronized List<String> list() {
        return List.copyOf(lines);
    }
}
