package io.pluginconsole.db;

import io.pluginconsole.auth.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Accounts. Sign-in failures are counted in memory per account and client address (auth's
 * LoginThrottle); the old per-account columns failed_attempts and locked_until are no longer used.
 */
public final class UserRepository {
    private final Jdbc jdbc;

    public UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A user with what sign-in needs to know. */
    public record Credentials(User user, String passwordHash) {
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("username"), rs.getString("email"), rs.getString("roles"),
                rs.getLong("create_at"), rs.getLong("update_at"));
    }

    private static Credentials credentials(ResultSet rs) throws SQLException {
        return new Credentials(user(rs), rs.getString("password_hash"));
    }

    public void insert(User user, String passwordHash) {
        jdbc.update("INSERT INTO users (id, username, email, password_hash, roles, create_at, update_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", user.id(), user.username(), user.email(), passwordHash,
                user.roles(), user.createAt(), user.updateAt());
    }

    public Optional<User> byId(String id) {
        return jdbc.one("SELECT * FROM users WHERE id = ?", UserRepository::user, id);
    }

    /** By username or email, case-insensitively, as Mattermost's login_id works. */
    public Optional<Credentials> byLogin(String login) {
        return jdbc.one("SELECT * FROM users WHERE LOWER(username) = LOWER(?) OR LOWER(email) = LOWER(?)",
                UserRepository::credentials, login, login);
    }

    public boolean exists(String username, String email) {
        return !jdbc.query("SELECT id FROM users WHERE LOWER(username) = LOWER(?) OR LOWER(email) = LOWER(?)",
                rs -> rs.getString(1), username, email).isEmpty();
    }

    public boolean anyAdmin() {
        return !jdbc.query("SELECT id FROM users WHERE roles LIKE '%system_admin%'", rs -> rs.getString(1)).isEmpty();
    }
}
