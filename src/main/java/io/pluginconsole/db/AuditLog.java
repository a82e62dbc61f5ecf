package io.pluginconsole.db;

import java.util.List;

/** Who changed what, from where, and how it ended; one row per change or sign-in attempt. */
public final class AuditLog {
    private final Jdbc jdbc;

    public AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One audit record. {@code result} is "success" or "failure". */
    public record Entry(long createAt, String userId, String username, String action, String pluginId,
                        String bundleSha256, String result, String detail, String ipAddress) {
    }

    /**
     * Writes the entry with every text cut to its column's width (audit_log in V1), so an oversized
     * value, such as a padded or very long login id, still leaves a record instead of failing the insert.
     */
    public void record(Entry e) {
        jdbc.update("INSERT INTO audit_log (create_at, user_id, username, action, plugin_id, bundle_sha256, result, "
                        + "detail, ip_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.createAt(), fit(e.userId(), 26),
                fit(trim(e.username()), 64), fit(e.action(), 64), fit(e.pluginId(), 190), fit(e.bundleSha256(), 64),
                fit(e.result(), 16), fit(e.detail(), 1024), fit(e.ipAddress(), 64));
    }

    public List<Entry> latest(int limit) {
        return jdbc.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT " + Math.max(1, Math.min(limit, 1000)),
                rs -> new Entry(rs.getLong("create_at"), rs.getString("user_id"), rs.getString("username"),
                        rs.getString("action"), rs.getString("plugin_id"), rs.getString("bundle_sha256"),
                        rs.getString("result"), rs.getString("detail"), rs.getString("ip_address")));
    }

    /** Sign-in matches the login id trimmed (AuthService); the record shows it as it was matched. */
    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** At most {@code width} characters, never ending in half of a surrogate pair. */
    static String fit(String s, int width) {
        if (s == null || s.length() <= width) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(width - 1)) ? width - 1 : width;
        return s.substring(0, end);
    }
}
