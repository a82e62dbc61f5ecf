package io.pluginconsole.db;

import io.pluginconsole.auth.Session;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Sign-in sessions, looked up by the hash of their token. */
public final class SessionRepository {
    private final Jdbc jdbc;

    public SessionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Session session(ResultSet rs) throws SQLException {
        return new Session(rs.getString("id"), null, rs.getString("user_id"), rs.getString("csrf_token"),
                rs.getLong("create_at"), rs.getLong("expires_at"));
    }

    public void insert(Session session, String tokenHash) {
        jdbc.update("INSERT INTO sessions (id, token_hash, user_id, csrf_token, create_at, expires_at, "
                        + "last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?)", session.id(), tokenHash, session.userId(),
                session.csrfToken(), session.createAt(), session.expiresAt(), session.createAt());
    }

    public Optional<Session> byTokenHash(String tokenHash, long now) {
        return jdbc.one("SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?", SessionRepository::session,
                tokenHash, now);
    }

    public void delete(String id) {
        jdbc.update("DELETE FROM sessions WHERE id = ?", id);
    }

    public void deleteExpired(long now) {
        jdbc.update("DELETE FROM sessions WHERE expires_at <= ?", now);
    }
}
