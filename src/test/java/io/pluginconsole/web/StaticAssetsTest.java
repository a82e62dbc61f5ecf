package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started outside the project (no ./static) serves the console's CSS and scripts from a
 * copy in its data folder rather than from inside the jar, and its first page and sign-in work
 * right after the start.
 */
class StaticAssetsTest {
    @TempDir
    Path root;

    @Test
    void consoleCssAndScriptsAreServedFromACopyInTheDataFolder() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            Api api = new Api(server.url());
            for (String name : new String[] {"css/console.css", "js/console.js", "js/plugin-registry.js"}) {
                Api.Response served = api.get("/static/" + name);
                assertThat(served.status()).as(name).isEqualTo(200);
                assertThat(served.body()).as(name).isEqualTo(fromJar(name));
                assertThat(root.resolve("data/.static").resolve(name)).as(name).hasContent(fromJar(name));
            }
            assertThat(api.get("/static/css/console.css").header("Content-Type")).startsWith("text/css");
            assertThat(api.get("/static/css/missing.css").status()).isEqualTo(404);
        }
    }

    @Test
    void aCopyLeftByAnEarlierStartIsReplacedByTheJarsFiles() throws Exception {
        Path stale = root.resolve("data/.static/css/console.css");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "/* from an older version */");
        try (TestServer server = TestServer.start(root)) {
            assertThat(new Api(server.url()).get("/static/css/console.css").body()).isEqualTo(fromJar("css/console.css"));
        }
    }

    @Test
    void theFirstPageAndSignInWorkRightAfterTheStart() {
        try (TestServer server = TestServer.start(root)) {
            Api api = new Api(server.url());
            Api.Response page = api.get("/login");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<form").contains("/static/css/console.css");
            Api.Response login = api.post("/api/v4/users/login", Api.json(Map.of("login_id", TestServer.ADMIN,
                    "password", TestServer.PASSWORD)));
            assertThat(login.status()).isEqualTo(200);
            assertThat(api.get("/api/v4/system/ping?get_server_status=true").json().path("database_status").asText())
                    .isEqualTo("OK");
        }
    }

    private static String fromJar(String name) throws Exception {
        try (InputStream in = StaticAssetsTest.class.getClassLoader().getResourceAsStream("static/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
