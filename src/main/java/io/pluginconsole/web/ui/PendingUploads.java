package io.pluginconsole.web.ui;

import io.pluginconsole.auth.Ids;
import io.pluginconsole.plugins.install.StagedBundle;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads that hit an installed id and wait for the administrator's "Overwrite" or "Cancel", so
 * the page can ask without JavaScript and without sending the file twice. Each session keeps at
 * most one, for ten minutes.
 */
public final class PendingUploads {
    private static final long TTL_MILLIS = 10 * 60 * 1000;

    /** A staged bundle (with its detached signature, or null) and what the dialog shows. */
    public record Pending(String token, String sessionId, StagedBundle bundle, byte[] signature, String fileName,
                          String pluginId, String installedVersion, String uploadedVersion, long createdAt) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public Pending add(String sessionId, StagedBundle bundle, byte[] signature, String fileName, String pluginId,
                       String installedVersion, String uploadedVersion) {
        expire();
        pending.values().removeIf(p -> {
            if (p.sessionId().equals(sessionId)) {
                p.bundle().close();
                return true;
            }
            return false;
        });
        Pending entry = new Pending(Ids.newId(), sessionId, bundle, signature, fileName, pluginId, installedVersion,
                uploadedVersion, System.currentTimeMillis());
        pending.put(entry.token(), entry);
        return entry;
    }

    /** The pending upload for this session and token, if it is still there. */
    public Pending get(String sessionId, String token) {
        expire();
        Pending entry = token == null ? null : pending.get(token);
        return entry != null && entry.sessionId().equals(sessionId) ? entry : null;
    }

    public Pending take(String sessionId, String token) {
        Pending entry = get(sessionId, token);
        if (entry != null) {
            pending.remove(token);
        }
        return entry;
    }

    private void expire() {
        long now = System.currentTimeMillis();
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.createdAt() > TTL_MILLIS) {
                p.bundle().close();
                it.remove();
            }
        }
    }
}
