package io.pluginconsole.web;

import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersApiTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS", "true"), true);
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String loginBody(String login, String password) {
        return Api.json(Map.of("login_id", login, "password", password));
    }

    @Test
    void loginGivesTokenHeaderAndUserJson() {
        Api.Response r = api.post("/api/v4/users/login", loginBody("admin", TestServer.PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Token")).hasSize(26);
        assertThat(r.headers("Set-Cookie")).isEmpty();
        assertThat(r.json().get("username").asText()).isEqualTo("admin");
        assertThat(r.json().get("roles").asText()).isEqualTo("system_admin system_user");
        assertThat(r.json().has("password")).isFalse();
        Api.Response me = api.get("/api/v4/users/me", Api.bearer(r.header("Token")));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(r.json().get("id").asText());
        assertThat(me.header("X-Version-Id").split("\\.")).hasSizeGreaterThanOrEqualTo(3);
        // Mattermost compares the first 6 characters case-insensitively
        assertThat(api.get("/api/v4/users/me", "Authorization", "BEARER " + r.header("Token")).status()).isEqualTo(200);
    }

    @Test
    void browserLoginSetsMattermostCookies() {
        Api.Response r = api.post("/api/v4/users/login", loginBody("admin@example.com", TestServer.PASSWORD),
                "X-Requested-With", "XMLHttpRequest");
        assertThat(r.status()).isEqualTo(200);
        String token = r.headers("Set-Cookie").stream().filter(c -> c.startsWith("MMAUTHTOKEN=")).findFirst()
                .orElseThrow();
        assertThat(token).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(r.headers("Set-Cookie")).anyMatch(c -> c.startsWith("MMUSERID="));
        String csrf = r.headers("Set-Cookie").stream().filter(c -> c.startsWith("MMCSRF=")).findFirst().orElseThrow();
        assertThat(csrf).doesNotContain("HttpOnly");
    }

    @Test
    void badCredentialsAndLogout() {
        assertAppError(api.post("/api/v4/users/login", loginBody("nobody", "wrong-password-123")), 401,
                "api.user.login.invalid_credentials_email_username");
        String token = api.post("/api/v4/users/login", loginBody("user", TestServer.PASSWORD)).header("Token");
        assertThat(api.post("/api/v4/users/logout", null, Api.bearer(token)).status()).isEqualTo(200);
        assertAppError(api.get("/api/v4/users/me", Api.bearer(token)), 401, "api.context.session_expired.app_error");
    }

    @Test
    void personalAccessTokens() {
        String session = server.token(TestServer.ADMIN);
        Api.Response created = api.post("/api/v4/users/me/tokens", "{\"description\":\"deploy script\"}",
                Api.bearer(session));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String token = created.json().get("token").asText();
        assertThat(api.get("/api/v4/plugins", Api.bearer(token)).status()).isEqualTo(200);
        assertThat(api.get("/api/v4/users/me/tokens", Api.bearer(session)).json().get(0).has("token")).isFalse();
        assertThat(api.post("/api/v4/users/tokens/revoke", Api.json(Map.of("token_id",
                created.json().get("id").asText())), Api.bearer(session)).status()).isEqualTo(200);
        assertAppError(api.get("/api/v4/plugins", Api.bearer(token)), 401, "api.context.session_expired.app_error");
    }

    @Test
    void pingNeedsNoSession() {
        Api.Response r = api.get("/api/v4/system/ping");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("OK");
    }
}
