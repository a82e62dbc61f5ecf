package io.pluginconsole.db;

import java.util.List;
import java.util.Optional;

/** Personal access tokens, stored as hashes of the token. */
public final class AccessTokenRepository {
    private final Jdbc jdbc;

    public AccessTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A token's public part (the token itself is shown once, at creation). */
    public record AccessToken(String id, String userId, String description, boolean active, long createAt) {
    }

    public void insert(AccessToken token, String tokenHash) {
        jdbc.update("INSERT INTO access_tokens (id, token_hash, user_id, description, is_active, create_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", token.id(), tokenHash, token.userId(), token.description(),
                token.active(), token.createAt());
    }

    public Optional<AccessToken> activeByHash(String tokenHash) {
        return jdbc.one("SELECT * FROM access_tokens WHERE token_hash = ? AND is_active = TRUE", rs ->
                new AccessToken(rs.getString("id"), rs.getString("user_id"), rs.getString("description"),
                        rs.getBoolean("is_active"), rs.getLong("create_at")), tokenHash);
    }

    public List<AccessToken> forUser(String userId) {
        return jdbc.query("SELECT * FROM access_tokens WHERE user_id = ? ORDER BY create_at", rs ->
                new AccessToken(rs.getString("id"), rs.getString("user_id"), rs.getString("description"),
                        rs.getBoolean("is_active"), rs.getLong("create_at")), userId);
    }

    public int revoke(String id) {
        return jdbc.update("DELETE FROM access_tokens WHERE id = ?", id);
    }
}
