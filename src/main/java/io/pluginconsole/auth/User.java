package io.pluginconsole.auth;

/** An account. Roles use Mattermost's names: "system_user" and "system_admin". */
public record User(String id, String username, String email, String roles, long createAt, long updateAt) {
    public boolean isSystemAdmin() {
        return (" " + roles + " ").contains(" system_admin ");
    }
}
