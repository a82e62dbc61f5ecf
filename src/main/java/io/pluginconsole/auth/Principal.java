package io.pluginconsole.auth;

/** Who is making a request: the user, and the session (null for a personal access token). */
public record Principal(User user, Session session, boolean accessToken) {
    public boolean isSystemAdmin() {
        return user.isSystemAdmin();
    }
}
