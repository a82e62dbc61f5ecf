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

    public void record(Entry e) {
        jdbc.update("INSERT INTO audit_log (create_at, user_id, username, action, plugin_id, bundle_sha256, result, "
                        + "detail, ip_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.createAt(), e.userId(),
                e.username(), e.action(), e.pluginId(), e.bundleSha256(), e.result(), truncate(e.detail()),
                e.ipAddress());
    }

    public List<Entry> latest(int limit) {
        return jdbc.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT " + Math.max(1, Math.min(limit, 1000)),
                rs -> new Entry(rs.getLong("create_at"), rs.getString("user_id"), rs.getString("username"),
                        rs.getString("action"), rs.getString("plugin_id"), rs.getString("bundle_sha256"),
                        rs.getString("result"), rs.getString("detail"), rs.getString("ip_address")));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1024 ? s : s.substring(0, 1024);
    }
}
