package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.FolderWatch;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every console form post passes one gate: same origin, a signed-in administrator, the session's token. */
class ConsoleGateTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    static final String SETTINGS = "/admin_console/plugins/plugin_demo";
    /** Every console route that changes something, except the upload (its token is in the query). */
    static final List<String> FORM_POSTS = List.of(PAGE + "/settings", PAGE + "/install_from_url",
            PAGE + "/review/abc/overwrite", PAGE + "/review/abc/cancel", PAGE + "/plugin/demo/enable",
            PAGE + "/plugin/demo/disable", PAGE + "/plugin/demo/remove", PAGE + "/reconcile", SETTINGS,
            SETTINGS + "/enable", SETTINGS + "/disable");

    @TempDir
    static Path root;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        server.server().console().plugins().install(new ByteArrayInputStream(
                TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz()), InstallMode.IF_NEW, InstallSource.UPLOAD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String session(String user) {
        return "MMAUTHTOKEN=" + server.token(user);
    }

    private static Api.Response post(String path, String cookie, Map<String, String> fields, String... headers) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/x-www-form-urlencoded"));
        if (cookie != null) {
            all.addAll(List.of("Cookie", cookie));
        }
        all.addAll(List.of(headers));
        return api.send("POST", path, HttpRequest.BodyPublishers.ofString(body.toString()),
                all.toArray(String[]::new));
    }

    private static String csrfOf(String cookie) {
        String token = cookie.substring("MMAUTHTOKEN=".length());
        return server.server().accounts().auth().authenticate(token, false).orElseThrow().session().csrfToken();
    }

    @Test
    void everyConsoleFormPostIsRefusedUnlessAnAdministratorSendsTheSessionTokenFromThisOrigin() {
        String admin = session(TestServer.ADMIN);
        String csrf = csrfOf(admin);
        String user = session(TestServer.USER);
        for (String path : FORM_POSTS) {
            Api.Response anonymous = post(path, null, Map.of("csrf", csrf));
            assertThat(anonymous.status()).as("anonymous " + path).isEqualTo(403);
            assertThat(anonymous.body()).as(path).contains("Sign in and try again");

            Api.Response notAdmin = post(path, user, Map.of("csrf", csrfOf(user)));
            assertThat(notAdmin.status()).as("non-admin " + path).isEqualTo(403);
            assertThat(notAdmin.body()).as(path).contains("only system administrators");

            assertThat(post(path, admin, Map.of()).status()).as("no token " + path).isEqualTo(403);
            assertThat(post(path, admin, Map.of("csrf", "wrong")).status()).as("wrong token " + path).isEqualTo(403);
            Api.Response foreign = post(path, admin, Map.of("csrf", csrf), "Origin", "http://evil.example");
            assertThat(foreign.status()).as("foreign origin " + path).isEqualTo(403);
            assertThat(foreign.body()).as(path).contains("Request could not be verified");
        }
        // Nothing above changed anything.
        assertThat(server.server().console().plugins().find("demo")).isPresent();
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isFalse();

        // With everything right the handler runs, and it knows who asked.
        Api.Response enable = post(SETTINGS + "/enable", admin, Map.of("csrf", csrf), "Origin", server.url());
        assertThat(enable.status()).isEqualTo(303);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isTrue();
        assertThat(post(PAGE + "/plugin/demo/disable", admin, Map.of("csrf", csrf)).status()).isEqualTo(303);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isFalse();
    }

    @Test
    void anUnknownConsoleAddressStillAnswersNotFound() {
        assertThat(post(PAGE + "/no_such_action", null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void theUploadTokenIsTakenFromTheQueryStringBeforeTheBodyIsRead() throws Exception {
        String admin = session(TestServer.ADMIN);
        String csrf = csrfOf(admin);
        byte[] bundle = TarBuilder.plugin("other", manifest("other", "1.0.0")).tarGz();
        // A token in the multipart body does not count: reading it would mean parsing the body first.
        Api.Multipart form = new Api.Multipart().field("csrf", csrf).file("plugin", "other.tar.gz", bundle);
        Path uploads = root.resolve("data/.uploads");
        List<String> created = FolderWatch.created(uploads, () -> {
            Api.Response refused = api.send("POST", PAGE + "/upload", form.publisher(),
                    "Content-Type", form.contentType(), "Cookie", admin);
            assertThat(refused.status()).isEqualTo(403);
        });
        assertThat(created).as("files created in " + uploads).isEmpty();
        assertThat(server.server().console().plugins().find("other")).isEmpty();

        Api.Multipart good = new Api.Multipart().file("plugin", "other.tar.gz", bundle);
        Api.Response accepted = api.send("POST", PAGE + "/upload?csrf=" + csrf, good.publisher(),
                "Content-Type", good.contentType(), "Cookie", admin);
        assertThat(accepted.status()).isEqualTo(303);
        assertThat(server.server().console().plugins().find("other")).isPresent();
        server.server().console().plugins().remove("other");
    }

    @Test
    void beforeTheFirstAdministratorExistsAConsolePostLeadsToSetup(@TempDir Path fresh) {
        try (TestServer empty = TestServer.start(fresh, Map.of(), false)) {
            Api.Response r = new Api(empty.url()).send("POST", PAGE + "/settings",
                    HttpRequest.BodyPublishers.ofString("Enable=false"),
                    "Content-Type", "application/x-www-form-urlencoded");
            assertThat(r.status()).isEqualTo(303);
            assertThat(r.header("Location")).isEqualTo("/setup");
        }
    }

    @Test
    void anyoneSignedInCanSignOutWithTheirToken() {
        String user = session(TestServer.USER);
        assertThat(post("/logout", user, Map.of("csrf", "wrong")).status()).isEqualTo(403);
        assertThat(api.get("/api/v4/users/me", "Cookie", user).status()).isEqualTo(200);
        Api.Response out = post("/logout", user, Map.of("csrf", csrfOf(user)));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login");
        assertThat(api.get("/api/v4/users/me", "Cookie", user).status()).isEqualTo(401);
        // Without a session there is nothing to end: the cookies are cleared all the same.
        assertThat(post("/logout", null, Map.of()).status()).isEqualTo(303);
    }

    /** The checks live in the gate; handlers under web/ui only read the administrator it found. */
    @Test
    void consoleHandlersLeaveTheOriginAndTokenChecksToTheGate() throws IOException {
        Path ui = Path.of("src/main/java/io/pluginconsole/web/ui");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.list(ui)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String name = file.getFileName().toString();
                String text = Files.readString(file);
                if (name.equals("ConsoleGate.java")) {
                    continue;
                }
                // The sign-in and setup forms have no session yet: their token is the pre-session cookie.
                if (name.equals("AuthPages.java")) {
                    text = text.replace("RequestAuth.checkFormCsrf(ctx, ctx.cookie(LOGIN_CSRF), ctx.formParam(\"csrf\"))",
                            "");
                }
                if (text.contains("checkFormCsrf") || text.contains("checkOrigin") || text.contains("adminForPost")) {
                    offenders.add(name);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
