package io.pluginconsole.auth;

/** A signed-in session. {@code token} is only known right after sign-in; it is stored hashed. */
public record Session(String id, String token, String userId, String csrfToken, long createAt, long expiresAt) {
}
