package io.pluginconsole.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the plugin commands act: the folders of a stopped server ({@code --local}) or a running
 * server over its API. The commands own the loops, the output lines and the exit codes; a target
 * only does one item and throws with a message fit to print.
 */
interface PluginTarget {
    /** Installs a bundle with its detached signature file ({@code signature} null: unsigned). */
    void add(Path bundle, Path signature, boolean force) throws IOException;

    /** Installs from a URL and returns the plugin's name, for "Plugin NAME successfully installed". */
    String installFromUrl(String url, boolean force);

    void enable(String id);

    void disable(String id);

    void delete(String id);

    Listing list();

    /** One {@code plugin list} line: {@code "  id: name, Version: v"} plus an optional note. */
    record Entry(String id, String name, String version, String note) {
        String line() {
            return "  " + id + ": " + name + ", Version: " + version + note;
        }
    }

    /** The enabled and disabled lists, and the JSON that {@code --json} prints. */
    record Listing(List<Entry> enabled, List<Entry> disabled, Object json) {
    }
}
