package io.pluginconsole.web;

import static io.pluginconsole.web.PluginsApiTest.assertAppError;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Until an administrator exists only setup answers; setup needs the one-time token. */
class FirstRunTest {
    @Test
    void onlySetupIsReachableUntilTheFirstAdministrator(@TempDir Path root) throws Exception {
        try (TestServer server = TestServer.start(root, Map.of(), false)) {
            Api api = new Api(server.url());
            Path tokenFile = root.resolve("data/setup-token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String token = Files.readString(tokenFile).strip();

            assertAppError(api.get("/api/v4/plugins"), 403, "api.setup.required.app_error");
            assertAppError(api.post("/api/v4/users/login", "{}"), 403, "api.setup.required.app_error");
            assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);
            for (String page : new String[] {"/", "/login", "/admin_console/plugins/plugin_management"}) {
                Api.Response r = api.get(page);
                assertThat(r.status()).as(page).isEqualTo(303);
                assertThat(r.header("Location")).isEqualTo("/setup");
            }

            Api.Response form = api.get("/setup");
            assertThat(form.status()).isEqualTo(200);
            String csrf = ConsoleSecurityTest.field(form.body(), "csrf");
            String pre = ConsoleSecurityTest.cookie(form, "MMLOGINCSRF");
            Map<String, String> fields = new java.util.HashMap<>(Map.of("csrf", csrf, "email", "root@example.com",
                    "username", "root", "password", "first-admin-pass", "password_confirm", "first-admin-pass",
                    "setup_token", "wrong"));
            Api.Response wrong = api.send("POST", "/setup", ConsoleSecurityTest.formBody(fields), "Content-Type",
                    "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + pre);
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.body()).contains("The setup token is not right");
            assertThat(server.server().accounts().auth().adminExists()).isFalse();

            fields.put("setup_token", token);
            Api.Response right = api.send("POST", "/setup", ConsoleSecurityTest.formBody(fields), "Content-Type",
                    "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + pre);
            assertThat(right.status()).isEqualTo(303);
            assertThat(right.header("Location")).isEqualTo("/admin_console/plugins/plugin_management");
            assertThat(right.headers("Set-Cookie")).anyMatch(c -> c.startsWith("MMAUTHTOKEN="));
            assertThat(tokenFile).doesNotExist();
            assertThat(server.server().accounts().auth().adminExists()).isTrue();
            assertThat(api.get("/setup").header("Location")).isEqualTo("/login");
            assertThat(api.post("/api/v4/users/login", Api.json(Map.of("login_id", "root", "password",
                    "first-admin-pass"))).status()).isEqualTo(200);
        }
    }
}
