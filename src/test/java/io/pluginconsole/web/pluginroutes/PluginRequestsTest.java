package io.pluginconsole.web.pluginroutes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.RunningPlugins;
import io.pluginconsole.testing.TestPlugins;
import io.pluginconsole.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real http plugin process behind the server: proxy rules, public files, settings delivery. */
class PluginRequestsTest {
    static final String ID = "com.example.echo";
    @TempDir
    static Path root;
    static TestServer server;
    static RunningPlugins plugins;
    static Api api;
    static String adminId;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_PLUGINSTARTTIMEOUTSECONDS", "20"), true);
        plugins = new RunningPlugins(server);
        api = new Api(server.url());
        plugins.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + ID + "\":{\"greeting\":\"hello\",\"limit\":3}}}}");
        plugins.install(TestPlugins.httpBundle(ID, "healthy"));
        plugins.enable(ID);
        plugins.awaitState(ID, 2, Duration.ofSeconds(30));
        adminId = api.get("/api/v4/users/me", Api.bearer(plugins.adminToken())).json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(RunningPlugins.pluginProcesses()).as("no plugin process outlives the server").isEmpty();
    }

    private static Map<String, String> echo(Api.Response response) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    @Test
    void requestReachesThePluginWithoutCredentialsAndWithTheCallersId() {
        String token = plugins.adminToken();
        Api.Response response = api.get("/plugins/" + ID + "/api/v1/items?x=1&access_token=" + token + "&y=2",
                "Authorization", "Bearer " + token,
                "Referer", "https://intranet.example.com/secret-page",
                "Mattermost-User-Id", "spoofed-user",
                "Mattermost-Plugin-ID", "spoofed-plugin",
                "Plugin-Console-Secret", "guess",
                "Cookie", "MMAUTHTOKEN=" + token + "; theme=dark",
                "X-Custom", "kept");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Plugin")).isEqualTo("echo");
        Map<String, String> seen = echo(response);
        assertThat(seen.get("uri")).isEqualTo("/api/v1/items?x=1&y=2");
        assertThat(seen).doesNotContainKeys("header.authorization", "header.referer", "header.mattermost-plugin-id",
                "header.plugin-console-secret");
        assertThat(seen.get("header.mattermost-user-id")).isEqualTo(adminId);
        assertThat(seen.get("header.cookie")).isEqualTo("theme=dark");
        assertThat(seen.get("header.x-custom")).isEqualTo("kept");
    }

    @Test
    void anonymousAndSpoofedCallersGetNoUserId() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook", "Mattermost-User-Id", adminId));
        assertThat(seen).doesNotContainKey("header.mattermost-user-id");
        Map<String, String> badToken = echo(api.get("/plugins/" + ID + "/hook", "Authorization", "Bearer nope"));
        assertThat(badToken).doesNotContainKey("header.mattermost-user-id");
    }

    @Test
    void accessTokenParameterIdentifiesTheCaller() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook?access_token=" + plugins.adminToken()));
        assertThat(seen.get("header.mattermost-user-id")).isEqualTo(adminId);
        assertThat(seen.get("uri")).isEqualTo("/hook");
    }

    @Test
    void cookieSessionChangeNeedsTheCsrfToken() {
        var session = server.server().accounts().auth().login(TestServer.ADMIN, TestServer.PASSWORD, "browser");
        String cookie = "MMAUTHTOKEN=" + session.token();
        Api.Response withoutCsrf = api.send("POST", "/plugins/" + ID + "/save",
                HttpRequest.BodyPublishers.ofString("a=1"), "Cookie", cookie);
        assertThat(echo(withoutCsrf)).doesNotContainKey("header.mattermost-user-id");
        assertThat(echo(withoutCsrf).get("body")).isEqualTo("a=1");
        Api.Response withCsrf = api.send("POST", "/plugins/" + ID + "/save",
                HttpRequest.BodyPublishers.ofString("a=2"), "Cookie", cookie, "X-CSRF-Token", session.csrfToken());
        assertThat(echo(withCsrf).get("header.mattermost-user-id")).isEqualTo(adminId);
        Api.Response get = api.get("/plugins/" + ID + "/page", "Cookie", cookie);
        assertThat(echo(get).get("header.mattermost-user-id")).isEqualTo(adminId);
    }

    @Test
    void statusHeadersAndBodiesPassThrough() {
        Api.Response teapot = api.send("PUT", "/plugins/" + ID + "/teapot",
                HttpRequest.BodyPublishers.ofString("{\"brew\":true}"), "Content-Type", "application/json");
        assertThat(teapot.status()).isEqualTo(418);
        assertThat(echo(teapot).get("body")).isEqualTo("{\"brew\":true}");
        assertThat(echo(teapot).get("method")).isEqualTo("PUT");
        assertThat(echo(api.get("/plugins/" + ID)).get("uri")).isEqualTo("/");
    }

    @Test
    void theServersOwnCallsAreNotReachableFromOutside() throws Exception {
        for (String path : new String[] {"/_plugin/configuration", "/_plugin/health", "//_plugin/health",
                "/./_plugin/health", "/%5Fplugin/health", "/_plugin", "/_PLUGIN/configuration", "/_Plugin"}) {
            Api.Response response = api.send("PUT", "/plugins/" + ID + path,
                    HttpRequest.BodyPublishers.ofString("{\"greeting\":\"pwned\"}"));
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("method=");
        }
        assertThat(settingsReceived()).doesNotContain("pwned");
    }

    @Test
    void publicFilesAreServedFromThePublicFolderOnly() {
        Api.Response file = api.get("/plugins/" + ID + "/public/hello.txt");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("hello from public");
        assertThat(file.header("Content-Type")).startsWith("text/plain");
        for (String path : new String[] {"/public/", "/public/missing.txt", "/public/..%2fplugin.json",
                "/public/%2e%2e/plugin.json", "/public/../plugin.json"}) {
            Api.Response response = api.get("/plugins/" + ID + path);
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("executable");
        }
    }

    @Test
    void settingsAreSentAtStartAndOnEveryChange() throws Exception {
        assertThat(settingsReceived()).contains("\"greeting\":\"hello\"").contains("\"limit\":3");
        plugins.patchConfig("{\"PluginSettings\":{\"Plugins\":{\"" + ID + "\":{\"greeting\":\"bonjour\",\"limit\":4}}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> settingsReceived().contains("bonjour"));
        assertThat(settingsReceived()).contains("\"limit\":4");
    }

    @Test
    void unknownOrStoppedPluginsAnswerPlainNotFound() {
        Api.Response response = api.get("/plugins/com.example.unknown/x");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found\n");
    }

    /** Values of every header the plugin saw whose name is {@code name} once '_' is read as '-'. */
    private static java.util.List<String> headerSpelledAnyWay(Map<String, String> seen, String name) {
        return seen.entrySet().stream()
                .filter(e -> e.getKey().replace('_', '-').equals("header." + name))
                .map(Map.Entry::getValue).toList();
    }

    @Test
    void underscoreSpellingsOfTheProxysOwnHeadersNeverReachThePlugin() {
        String[] spoofed = {"Mattermost_User_Id", adminId, "mattermost_plugin_id", "spoofed-plugin",
            "Plugin_Console_Secret", "guess", "X_CSRF_Token", "guess", "X_Forwarded_For", "6.6.6.6"};
        Map<String, String> anonymous = echo(api.get("/plugins/" + ID + "/hook", spoofed));
        for (String name : new String[] {"mattermost-user-id", "mattermost-plugin-id", "plugin-console-secret",
                "x-csrf-token"}) {
            assertThat(headerSpelledAnyWay(anonymous, name)).as(name).isEmpty();
        }
        assertThat(headerSpelledAnyWay(anonymous, "x-forwarded-for")).containsExactly("127.0.0.1");

        Map<String, String> signedIn = echo(api.get("/plugins/" + ID + "/hook",
                Api.bearer(plugins.adminToken(), "Mattermost_User_Id", "someone-else")));
        assertThat(headerSpelledAnyWay(signedIn, "mattermost-user-id")).containsExactly(adminId);
    }

    @Test
    void ambiguousPathsAreRefusedAndNeverReachThePlugin() throws Exception {
        long before = requestsReceived().size();
        for (String path : new String[] {"/./././_plugin/configuration", "/x/../_plugin/configuration",
                "/_plugin;a/configuration", "/_plugin/configuration;a", "//_plugin/configuration",
                "/%2e/_plugin/configuration", "/x/%2e%2E/_plugin/configuration", "/x/.%2e/_plugin/configuration",
                "/x%2f..%2f_plugin/configuration", "/%255Fplugin/configuration", "/x/..;/_plugin/configuration",
                "/x/..%3B/_plugin/configuration", "/x/..%5c_plugin/configuration", "/_plugin/./configuration",
                "/x/%2E%2E%2F_plugin/configuration", "/api//v1"}) {
            Api.Response response = api.send("PUT", "/plugins/" + ID + path,
                    HttpRequest.BodyPublishers.ofString("{\"greeting\":\"pwned\"}"));
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).doesNotContain("method=");
        }
        assertThat(pageText(api.get("/plugins/" + ID + "/x/../_plugin/configuration")))
                .contains("refused because it has a '..' segment").contains("Send the canonical path");
        assertThat(pageText(api.get("/plugins/" + ID + "/_plugin;a/configuration"))).contains("';' parameter");
        assertThat(pageText(api.get("/plugins/" + ID + "/x%2f..%2f_plugin"))).contains("encoded '/'");
        java.util.List<String> reached = requestsReceived().subList((int) before, requestsReceived().size());
        assertThat(reached).as("requests the plugin received from outside")
                .filteredOn(line -> line.endsWith("secret=no")).isEmpty();
        assertThat(settingsReceived()).doesNotContain("pwned");
    }

    @Test
    void canonicalPathsAreForwardedAsSent() {
        assertThat(echo(api.get("/plugins/" + ID + "/files/a%20b/c.json?q=%2F")).get("uri"))
                .isEqualTo("/files/a%20b/c.json?q=%2F");
        assertThat(echo(api.get("/plugins/" + ID + "/")).get("uri")).isEqualTo("/");
        assertThat(echo(api.get("/plugins/" + ID + "/v1.2/item_x/")).get("uri")).isEqualTo("/v1.2/item_x/");
    }

    @Test
    void dotSegmentsBetweenPluginsAnswerBadRequest() {
        Api.Response response = api.get("/plugins/a/../b");
        assertThat(response.status()).isEqualTo(400);
        assertThat(pageText(response)).contains("it has a '..' segment");
        for (String path : new String[] {"/plugins/" + ID + "/public/../plugin.json", "/plugins/a/..",
                "/plugins/%2e%2e/" + ID + "/hook", "/plugins/a/%2e%2e/" + ID, "/plugins/a;b/x"}) {
            assertThat(api.get(path).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void forwardingHeadersDescribeTheRealConnection() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook",
                "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "1", "X-Forwarded-Server", "evil.example", "Forwarded", "for=6.6.6.6;host=evil.example",
                "X-Real-IP", "6.6.6.6"));
        assertThat(seen.get("header.x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.get("header.x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.get("header.x-forwarded-host")).isEqualTo(java.net.URI.create(server.url()).getAuthority());
        assertThat(seen).doesNotContainKeys("header.x-real-ip", "header.x-forwarded-port", "header.x-forwarded-server");
        assertThat(seen.values()).noneMatch(v -> v.contains("6.6.6.6") || v.contains("evil.example"));
    }

    @Test
    void forwardedHeaderDescribesTheRealConnectionInRfc7239Syntax() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook", "Forwarded", "for=6.6.6.6"));
        // Quoted strings throughout (a host with a port must be one); the caller's own Forwarded is gone.
        assertThat(seen.get("header.forwarded")).isEqualTo("by=\"127.0.0.1\";for=\"127.0.0.1\";host=\"127.0.0.1:"
                + server.port() + "\";proto=http");
    }

    @Test
    void hopByHopHeadersAndThoseNamedByConnectionStayBehind() throws Exception {
        String answer = rawRequest("GET /plugins/" + ID + "/hook HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nConnection: close, X-Hop-Secret\r\nX-Hop-Secret: for-the-next-hop-only\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\n"
                + "X-Custom: kept\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
        Map<String, String> seen = echo(new Api.Response(200, answer.substring(answer.indexOf("\r\n\r\n") + 4), null));
        assertThat(seen).doesNotContainKeys("header.x-hop-secret", "header.keep-alive", "header.proxy-authorization",
                "header.te");
        assertThat(seen.get("header.x-custom")).isEqualTo("kept");
        assertThat(seen.get("uri")).isEqualTo("/hook");
    }

    @Test
    void largeBodiesGoThroughWholeBothWays() {
        // Far more than one buffer each way: the request streams to the plugin, the echo streams back.
        String payload = "0123456789abcdef".repeat(40_000);
        Api.Response response = api.send("POST", "/plugins/" + ID + "/large",
                HttpRequest.BodyPublishers.ofString(payload), "Content-Type", "text/plain");
        assertThat(response.status()).isEqualTo(200);
        assertThat(echo(response).get("body")).hasSize(payload.length()).isEqualTo(payload);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    /** The proxy's client runs on the server's own thread pool: no second pool competes for the cores. */
    @Test
    void theProxyUsesTheServersThreads() {
        assertThat(api.get("/plugins/" + ID + "/hook").status()).isEqualTo(200);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("proxy-client"));
    }

    /** Sends one request as written, closing after it, and returns everything answered. */
    private static String rawRequest(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void theConsolesCookiesAndCsrfTokenNeverReachThePlugin() {
        Map<String, String> seen = echo(api.get("/plugins/" + ID + "/hook",
                "Cookie", "MMAUTHTOKEN=a; MMUSERID=u; MMCSRF=c; theme=dark", "X-CSRF-Token", "c"));
        assertThat(seen.get("header.cookie")).isEqualTo("theme=dark");
        assertThat(seen).doesNotContainKey("header.x-csrf-token");
    }

    @Test
    void aPluginCannotSetTheConsolesCookies() {
        Api.Response response = api.get("/plugins/" + ID + "/set-cookies");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).containsExactly("theme=light; Path=/plugins");
    }

    @Test
    void pluginContentCannotRunInTheConsolesOrigin() {
        for (String path : new String[] {"/hook", "/public/hello.txt"}) {
            Api.Response response = api.get("/plugins/" + ID + path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.headers("X-Content-Type-Options")).as(path).containsExactly("nosniff");
            assertThat(response.headers("Content-Security-Policy")).as(path)
                    .containsExactly(PluginResponseHeaders.CONTENT_SECURITY_POLICY);
        }
        assertThat(PluginResponseHeaders.CONTENT_SECURITY_POLICY).startsWith("sandbox;").contains("default-src 'none'");
        Api.Response own = api.get("/plugins/" + ID + "/own-policy");
        assertThat(own.headers("Content-Security-Policy")).containsExactly("default-src 'self'");
        assertThat(own.headers("X-Content-Type-Options")).containsExactly("plugin-choice");
    }

    @Test
    void aPublicFolderThatIsASymbolicLinkIsNotServed() throws Exception {
        String linked = "com.example.linked";
        plugins.install(TestPlugins.httpBundle(linked, "healthy"));
        plugins.enable(linked);
        plugins.awaitState(linked, 2, Duration.ofSeconds(30));
        Path folder = root.resolve("plugins").resolve(linked);
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside the plugin");
        Files.move(folder.resolve("public"), folder.resolve("public-real"));
        Files.createSymbolicLink(folder.resolve("public"), outside);
        assertThat(api.get("/plugins/" + linked + "/public/secret.txt").status()).isEqualTo(404);
        Files.delete(folder.resolve("public"));
        Files.createSymbolicLink(folder.resolve("public"), folder.resolve("public-real"));
        assertThat(api.get("/plugins/" + linked + "/public/hello.txt").status()).isEqualTo(404);
        Files.delete(folder.resolve("public"));
        Files.move(folder.resolve("public-real"), folder.resolve("public"));
        assertThat(api.get("/plugins/" + linked + "/public/hello.txt").body()).isEqualTo("hello from public");
    }

    /** The error page's text with the quotes the page escapes put back. */
    private static String pageText(Api.Response response) {
        return response.body().replace("&#39;", "'").replace("&#x27;", "'");
    }

    private static java.util.List<String> requestsReceived() throws java.io.IOException {
        Path file = root.resolve("plugins").resolve(ID).resolve("requests.log");
        return Files.exists(file) ? Files.readAllLines(file) : java.util.List.of();
    }

    private static String settingsReceived() throws java.io.IOException {
        Path file = root.resolve("plugins").resolve(ID).resolve("received-settings.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
