package io.pluginconsole.web.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The renderings of one page for one state of what it shows ({@code generation}: the plugin
 * snapshot's version, the configuration and whatever else the page reads), one per address
 * ({@code view}: filter, search, page number). A new generation drops every kept rendering; at most
 * {@link #MAX_VIEWS} are kept, the least recently used going first. One request renders a missing
 * page; requests for the same page meanwhile wait for that rendering instead of each rendering it
 * (on a busy server a change would otherwise start as many renderings as there are requests).
 */
final class RenderedPages<G, V> {
    static final int MAX_VIEWS = 16;

    private final Map<V, CompletableFuture<SplicedPage>> pages = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<V, CompletableFuture<SplicedPage>> eldest) {
            return size() > MAX_VIEWS;
        }
    };
    private G generation;

    SplicedPage get(G current, V view, Supplier<SplicedPage> render) {
        CompletableFuture<SplicedPage> mine = new CompletableFuture<>();
        CompletableFuture<SplicedPage> kept;
        synchronized (pages) {
            if (!current.equals(generation)) {
                pages.clear();
                generation = current;
            }
            kept = pages.putIfAbsent(view, mine);
        }
        if (kept != null) {
            return kept.join();
        }
        // Rendered outside the lock: pages already kept are served meanwhile.
        try {
            SplicedPage rendered = render.get();
            mine.complete(rendered);
            return rendered;
        } catch (RuntimeException | Error e) {
            synchronized (pages) {
                pages.remove(view, mine); // the next request tries again
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

}
