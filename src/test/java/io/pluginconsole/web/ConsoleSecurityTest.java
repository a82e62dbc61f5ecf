package io.pluginconsole.web;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Web attacks on the console pages (rows W01-W05, W18, W20-W21, W27, W29-W32, W34-W35). */
class ConsoleSecurityTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_FILESETTINGS_MAXFILESIZE", "100000"), true);
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        for (var p : server.server().console().plugins().list()) {
            server.server().console().plugins().remove(p.id());
        }
    }

    /** Signs in through the form and returns the cookie header and the page's CSRF token. */
    record Browser(String cookies, String csrf) {
    }

    static Browser signIn(String user) {
        Api.Response form = api.get("/login");
        String loginCsrf = field(form.body(), "csrf");
        String preCookie = cookie(form, "MMLOGINCSRF");
        Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", loginCsrf, "login_id", user,
                "password", TestServer.PASSWORD, "next", "")), "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", "MMLOGINCSRF=" + preCookie);
        assertThat(login.status()).isEqualTo(303);
        String cookies = "MMAUTHTOKEN=" + cookie(login, "MMAUTHTOKEN");
        String csrf = cookie(login, "MMCSRF");
        return new Browser(cookies, csrf);
    }

    static String cookie(Api.Response r, String name) {
        return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.split(";", 2)[0].substring(name.length() + 1)).orElseThrow(() -> new AssertionError(
                        "no cookie " + name + " in " + r.headers("Set-Cookie")));
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("field " + name).isTrue();
        return m.group(1);
    }

    static HttpRequest.BodyPublisher formBody(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    private static Api.Response post(Browser b, String path, Map<String, String> fields, String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of("Content-Type", "application/x-www-form-urlencoded",
                "Cookie", b.cookies()));
        all.addAll(List.of(headers));
        return api.send("POST", path, formBody(fields), all.toArray(String[]::new));
    }

    private static Api.Response uploadPage(Browser b, String csrf, byte[] bundle, String fileName, String... headers) {
        Api.Multipart form = new Api.Multipart().file("plugin", fileName, bundle);
        List<String> all = new java.util.ArrayList<>(List.of("Content-Type", form.contentType(), "Cookie", b.cookies()));
        all.addAll(List.of(headers));
        return api.send("POST", PAGE + "/upload" + (csrf == null ? "" : "?csrf=" + csrf), form.publisher(),
                all.toArray(String[]::new));
    }

    @Test
    void w01_uploadWithoutTokenOrFromAnotherOriginIsRefusedBeforeTheBody() {
        Browser b = signIn(TestServer.ADMIN);
        byte[] bundle = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz();
        assertThat(uploadPage(b, null, bundle, "demo.tar.gz").status()).isEqualTo(403);
        assertThat(uploadPage(b, "wrong", bundle, "demo.tar.gz").status()).isEqualTo(403);
        Api.Response foreign = uploadPage(b, b.csrf(), bundle, "demo.tar.gz", "Origin", "http://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("Request could not be verified");
        assertThat(server.server().console().plugins().list()).isEmpty();
        assertThat(uploadPage(b, b.csrf(), bundle, "demo.tar.gz", "Origin", server.url()).status()).isEqualTo(303);
        assertThat(server.server().console().plugins().list()).hasSize(1);
    }

    @Test
    void w02_changesNeedTheTokenAndNeverHappenOnGet() {
        Browser b = signIn(TestServer.ADMIN);
        server.server().console().plugins().install(new java.io.ByteArrayInputStream(
                TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz()), io.pluginconsole.plugins.install.InstallMode.IF_NEW, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
        for (String action : new String[] {"enable", "disable", "remove"}) {
            assertThat(post(b, PAGE + "/plugin/demo/" + action, Map.of()).status()).isEqualTo(403);
            assertThat(api.get(PAGE + "/plugin/demo/" + action, "Cookie", b.cookies()).status()).isIn(404, 405);
        }
        assertThat(post(b, PAGE + "/install_from_url", Map.of("url", "https://example.com/x.tar.gz")).status())
                .isEqualTo(403);
        assertThat(post(b, PAGE + "/settings", Map.of("Enable", "false")).status()).isEqualTo(403);
        assertThat(server.server().console().plugins().list()).hasSize(1);
        assertThat(server.server().console().config().current().pluginSettings().enable()).isTrue();
        assertThat(post(b, PAGE + "/plugin/demo/enable", Map.of("csrf", b.csrf())).status()).isEqualTo(303);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isTrue();
    }

    @Test
    void w03_w04_anonymousAndNonAdmins() {
        Api.Response anonymous = api.get(PAGE);
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).startsWith("/login?next=");
        Browser user = signIn(TestServer.USER);
        Api.Response page = api.get(PAGE, "Cookie", user.cookies());
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Permission denied");
        assertThat(post(user, PAGE + "/settings", Map.of("csrf", user.csrf(), "Enable", "false")).status())
                .isEqualTo(403);
        assertThat(server.server().console().config().current().pluginSettings().enable()).isTrue();
    }

    @Test
    void w05_loginFormNeedsItsPreSessionToken() {
        Api.Response r = api.send("POST", "/login", formBody(Map.of("login_id", "admin", "password",
                TestServer.PASSWORD)), "Content-Type", "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers("Set-Cookie")).noneMatch(c -> c.startsWith("MMAUTHTOKEN=") && c.length() > 20);
    }

    @Test
    void w27_w29_manifestTextIsEscaped() {
        Browser b = signIn(TestServer.ADMIN);
        String evil = "{\"id\":\"xss\",\"name\":\"<script>alert(1)</script>\",\"version\":\"1.0.0\","
                + "\"description\":\"<img src=x onerror=alert(2)>\",\"homepage_url\":\"https://ok.example/\\\"onmouseover=x\"}";
        assertThat(uploadPage(b, b.csrf(), TarBuilder.plugin("xss", evil).tarGz(), "x.tar.gz").status()).isEqualTo(303);
        String html = api.get(PAGE, "Cookie", b.cookies()).body();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        assertThat(html).contains("&lt;img src=x onerror=alert(2)&gt;").doesNotContain("<img src=x");
        assertThat(html).doesNotContain("\"onmouseover");
        byte[] hostileName = TarBuilder.plugin("demo", manifest("demo", "1.0.0"))
                .file("demo/<b>bold</b>\u0007.txt", "x").tarGz();
        uploadPage(b, b.csrf(), hostileName, "h.tar.gz");
        String after = api.get(PAGE, "Cookie", b.cookies()).body();
        assertThat(after).contains("unsafe file name").contains("&lt;b&gt;bold&lt;/b&gt;\\u0007")
                .doesNotContain("<b>bold</b>");
    }

    @Test
    void w30_w32_headersAndCookieFlags() {
        for (String path : new String[] {PAGE, "/login", "/api/v4/system/ping"}) {
            Api.Response r = api.get(path);
            assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        }
        Api.Response form = api.get("/login");
        String pre = cookie(form, "MMLOGINCSRF");
        Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", field(form.body(), "csrf"),
                "login_id", "admin", "password", TestServer.PASSWORD)), "Content-Type",
                "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + pre);
        String session = login.headers("Set-Cookie").stream().filter(c -> c.startsWith("MMAUTHTOKEN=")).findFirst()
                .orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(api.get("/login", "X-Forwarded-Proto", "https").headers("Set-Cookie"))
                .allMatch(c -> c.contains("Secure"));
    }

    @Test
    void w31_sessionFixationDoesNotCarryOver() {
        Api.Response form = api.get("/login");
        String pre = cookie(form, "MMLOGINCSRF");
        Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", field(form.body(), "csrf"),
                "login_id", "admin", "password", TestServer.PASSWORD)), "Content-Type",
                "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + pre + "; MMAUTHTOKEN=attacker-chosen");
        assertThat(cookie(login, "MMAUTHTOKEN")).isNotEqualTo("attacker-chosen").hasSize(26);
        assertThat(api.get(PAGE, "Cookie", "MMAUTHTOKEN=attacker-chosen").status()).isEqualTo(303);
    }

    @Test
    void w34_openRedirectsAreRefused() {
        for (String next : new String[] {"//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)",
                "/%2F%2Fevil.example", "\\\\evil.example"}) {
            Api.Response form = api.get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            String pre = cookie(form, "MMLOGINCSRF");
            Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", field(form.body(), "csrf"),
                    "login_id", "admin", "password", TestServer.PASSWORD, "next", next)), "Content-Type",
                    "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + pre);
            assertThat(login.header("Location")).as(next).isEqualTo(PAGE);
        }
    }

    @Test
    void w18_w20_w21_w35_uploadShapes() {
        Browser b = signIn(TestServer.ADMIN);
        byte[] big = new byte[150_000];
        new java.util.Random(9).nextBytes(big);
        Api.Response tooBig = uploadPage(b, b.csrf(), big, "big.tar.gz");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.body()).contains("Bundle too large (max").doesNotContain("Exception");
        // The client must not send its next request on a connection whose body a parser gave up on.
        assertThat(tooBig.header("Connection")).isEqualTo("close");
        byte[] bundle = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz();
        assertThat(uploadPage(b, b.csrf(), bundle, "../../x.tar.gz").status()).isEqualTo(303);
        assertThat(root.resolve("data/plugins/demo.tar.gz")).exists();
        assertThat(root.resolve("x.tar.gz")).doesNotExist();
        Api.Multipart many = new Api.Multipart();
        for (int i = 0; i < 2000; i++) {
            many.field("f" + i, "x");
        }
        // A client of its own: the server may close the connection on a refused flood.
        Api.Response flood = new Api(server.url()).send("POST", PAGE + "/upload?csrf=" + b.csrf(), many.publisher(), "Content-Type",
                many.contentType(), "Cookie", b.cookies());
        assertThat(flood.status()).isIn(303, 400, 413);
        Api.Response corrupt = uploadPage(b, b.csrf(), "not gzip".getBytes(), "bad.tar.gz");
        assertThat(corrupt.status()).isEqualTo(303);
        String page = api.get(PAGE, "Cookie", b.cookies()).body();
        assertThat(page).contains("Encountered an error when extracting the plugin").doesNotContain("at io.")
                .doesNotContain("Exception");
    }
}
