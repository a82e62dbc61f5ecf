package io.pluginconsole.web.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The renderings of one page for one state of what it shows ({@code generation}: the plugin
 * snapshot's version, the configuration and whatever else the page reads), one per address
 * ({@code view}: filter, search, page number). A new generation drops every kept rendering; at most
 * {@link #MAX_VIEWS} are kept, the least recently used going first.
 */
final class RenderedPages<G, V> {
    static final int MAX_VIEWS = 16;

    private final Map<V, SplicedPage> pages = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<V, SplicedPage> eldest) {
            return size() > MAX_VIEWS;
        }
    };
    private G generation;

    SplicedPage get(G current, V view, Supplier<SplicedPage> render) {
        synchronized (pages) {
            if (!current.equals(generation)) {
                pages.clear();
                generation = current;
            }
            SplicedPage kept = pages.get(view);
            if (kept != null) {
                return kept;
            }
        }
        // Rendered outside the lock: a slow rendering does not hold up pages already kept.
        SplicedPage rendered = render.get();
        synchronized (pages) {
            if (current.equals(generation)) {
                pages.put(view, rendered);
            }
        }
        return rendered;
    }

    int size() {
        synchronized (pages) {
            return pages.size();
        }
    }
}
