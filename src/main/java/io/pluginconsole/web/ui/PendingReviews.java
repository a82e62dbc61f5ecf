package io.pluginconsole.web.ui;

import io.pluginconsole.auth.Ids;
import io.pluginconsole.plugins.install.StagedBundle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bundles (uploaded or downloaded) that hit an installed id and wait, staged on the server, for
 * the administrator's "Overwrite" or "Cancel". The dialog shows what is in the staged file and
 * the confirmation installs that file, so nothing a link or form says can change what gets
 * installed. A review is reached by an unguessable token, only from the session that started it,
 * once, for ten minutes. Each session keeps one; all sessions together keep at most
 * {@link #MAX_REVIEWS}, the oldest giving way, so staged files cannot pile up.
 */
public final class PendingReviews {
    static final long TTL_MILLIS = 10 * 60 * 1000;
    static final int MAX_REVIEWS = 32;

    /** Where the bundle came from: the page shows and audits each its own way. */
    public enum Origin { UPLOAD, URL }

    /**
     * A staged bundle (with its detached signature, or null), where it came from ({@code source}:
     * the file name or the URL) and what its own manifest says.
     */
    public record Review(String token, String sessionId, StagedBundle bundle, byte[] signature, Origin origin,
                         String source, String pluginId, String name, String version, long createdAt) {
    }

    private final Map<String, Review> reviews = new LinkedHashMap<>();
    private final long ttlMillis;
    private final int maxReviews;

    public PendingReviews() {
        this(TTL_MILLIS, MAX_REVIEWS);
    }

    PendingReviews(long ttlMillis, int maxReviews) {
        this.ttlMillis = ttlMillis;
        this.maxReviews = maxReviews;
    }

    /** Keeps a staged bundle for review, replacing this session's previous one. */
    public synchronized Review add(String sessionId, StagedBundle bundle, byte[] signature, Origin origin,
                                   String source, String pluginId, String name, String version) {
        expire();
        reviews.values().removeIf(r -> {
            if (r.sessionId().equals(sessionId)) {
                r.bundle().close();
                return true;
            }
            return false;
        });
        while (reviews.size() >= maxReviews) {
            Review oldest = reviews.values().iterator().next(); // insertion order: the oldest first
            reviews.remove(oldest.token());
            oldest.bundle().close();
        }
        Review entry = new Review(Ids.newId(), sessionId, bundle, signature, origin, source, pluginId, name, version,
                System.currentTimeMillis());
        reviews.put(entry.token(), entry);
        return entry;
    }

    /** The review for this session and token, if it is still there; it stays pending. */
    public synchronized Review get(String sessionId, String token) {
        expire();
        Review entry = token == null ? null : reviews.get(token);
        return entry != null && entry.sessionId().equals(sessionId) ? entry : null;
    }

    /**
     * Removes and returns the review for this session and token: a token works once. A token of
     * another session is not found and leaves that session's review alone.
     */
    public synchronized Review take(String sessionId, String token) {
        Review entry = get(sessionId, token);
        if (entry != null) {
            reviews.remove(token);
        }
        return entry;
    }

    synchronized int size() {
        expire();
        return reviews.size();
    }

    private void expire() {
        long now = System.currentTimeMillis();
        reviews.values().removeIf(r -> {
            if (now - r.createdAt() > ttlMillis) {
                r.bundle().close();
                return true;
            }
            return false;
        });
    }
}
