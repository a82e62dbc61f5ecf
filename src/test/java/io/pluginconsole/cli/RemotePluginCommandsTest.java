package io.pluginconsole.cli;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mmctl-style commands against a real server on loopback, run in-process through
 * {@link Main#run(Map, PrintWriter, PrintWriter, String...)} with XDG_CONFIG_HOME in a temp folder,
 * so the user's real credentials are never read or written.
 */
class RemotePluginCommandsTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private TestServer server;
    private Path configHome;
    private Path passwordFile;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(tmp.resolve("server"), Map.of(
                "MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS", "true",
                "MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1"), true);
        configHome = tmp.resolve("xdg");
        passwordFile = Files.writeString(tmp.resolve("password.txt"), TestServer.PASSWORD + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(Map.of("XDG_CONFIG_HOME", configHome.toString()), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private void login(String username) {
        Result login = cli("auth", "login", server.url(), "--name", "local", "--username", username,
                "--password-file", passwordFile.toString());
        assertThat(login.exit()).as(login.err()).isZero();
    }

    private Path bundle(String id, String version) {
        return TarBuilder.plugin(id, manifest(id, version)).tarGz(tmp.resolve(id + "-" + version + ".tar.gz"));
    }

    private Path credentialsFile() {
        return configHome.resolve("plugin-console/credentials.json");
    }

    private String storedToken() throws IOException {
        return JsonMapper.builder().build().readTree(credentialsFile().toFile()).path("servers").get(0)
                .path("token").asText();
    }

    private PluginInfo installed(String id) {
        return server.server().console().plugins().find(id).orElseThrow();
    }

    private static String lines(String... lines) {
        return String.join(NL, lines) + NL;
    }

    @Test
    void loginStoresAPrivateCredentialsFileAndRemembersSeveralServers() throws Exception {
        Result login = cli("auth", "login", server.url() + "/", "--name", "local", "--username", "admin",
                "--password-file", passwordFile.toString());
        assertThat(login.exit()).isZero();
        assertThat(login.out()).isEqualTo("credentials for local (" + server.url() + ") stored" + NL);
        assertThat(login.err()).isEmpty();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialsFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialsFile().getParent())))
                .isEqualTo("rwx------");
        JsonNode stored = JsonMapper.builder().build().readTree(credentialsFile().toFile());
        assertThat(stored.path("current").asText()).isEqualTo("local");
        assertThat(stored.path("servers").get(0).path("url").asText()).isEqualTo(server.url());
        assertThat(stored.path("servers").get(0).path("username").asText()).isEqualTo("admin");
        assertThat(stored.path("servers").get(0).path("token").asText()).hasSizeGreaterThan(20);
        try (var leftovers = Files.list(credentialsFile().getParent())) {
            assertThat(leftovers).containsExactly(credentialsFile());
        }

        assertThat(cli("auth", "current").out()).isEqualTo("Logged in to local (" + server.url() + ") as admin" + NL);

        // Without --name the server is named after its host and port.
        Result second = cli("auth", "login", server.url(), "--username", "user", "--password-file",
                passwordFile.toString());
        String defaultName = "127.0.0.1:" + server.port();
        assertThat(second.out()).isEqualTo("credentials for " + defaultName + " (" + server.url() + ") stored" + NL);
        assertThat(cli("auth", "list").out()).isEqualTo(lines(
                "  local (" + server.url() + ") as admin",
                "* " + defaultName + " (" + server.url() + ") as user"));
        assertThat(cli("auth", "set", "local").out()).isEqualTo("Now using local (" + server.url() + ")" + NL);
        assertThat(cli("auth", "current").out()).contains("as admin");
        Result unknown = cli("auth", "set", "nowhere");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Error: no stored credentials named \"nowhere\"; "
                + "'plugin-console auth list' shows them" + NL);
    }

    @Test
    void wrongPasswordIsOneClearLineAndStoresNothing() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not-the-password\n");
        Result login = cli("auth", "login", server.url(), "--username", "admin", "--password-file", wrong.toString());
        assertThat(login.exit()).isEqualTo(1);
        assertThat(login.out()).isEmpty();
        assertThat(login.err()).isEqualTo("Error: cannot log in to " + server.url()
                + ": Enter a valid email or username and/or password." + NL);
        assertThat(credentialsFile()).doesNotExist();

        Result missing = cli("auth", "login", server.url(), "--username", "admin", "--password-file",
                tmp.resolve("nowhere.txt").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: cannot read " + tmp.resolve("nowhere.txt") + ": no such file" + NL);
    }

    @Test
    void addInstallsReportsServerErrorsAndReplacesOnlyWithForce() throws Exception {
        login("admin");
        Path good = bundle("demo", "1.0.0");
        Path bad = Files.writeString(tmp.resolve("bad.tar.gz"), "not a bundle");
        Path missing = tmp.resolve("missing.tar.gz");

        Result add = cli("plugin", "add", good.toString(), bad.toString(), missing.toString());
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.out()).isEqualTo("Added plugin: " + good + NL);
        assertThat(add.err()).startsWith("Unable to add plugin: " + bad + ". Error: Bundle rejected: not a .tar.gz "
                + "bundle").contains("Unable to add plugin: " + missing + ". Error: no such file" + NL)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(add.err().lines()).hasSize(2);
        assertThat(installed("demo").plugin().manifest().version()).isEqualTo("1.0.0");
        assertThat(server.root().resolve("data/plugins/demo.tar.gz")).exists();

        Path newer = bundle("demo", "2.0.0");
        Result conflict = cli("plugin", "add", newer.toString());
        assertThat(conflict.exit()).isEqualTo(1);
        assertThat(conflict.out()).isEmpty();
        assertThat(conflict.err()).startsWith("Unable to add plugin: " + newer + ". Error: ")
                .contains("A plugin with the same ID is already installed");
        assertThat(installed("demo").plugin().manifest().version()).isEqualTo("1.0.0");

        Result forced = cli("plugin", "add", "-f", newer.toString());
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).isEqualTo("Added plugin: " + newer + NL);
        assertThat(installed("demo").plugin().manifest().version()).isEqualTo("2.0.0");
    }

    @Test
    void installUrlHasTheServerDownloadTheBundle() throws Exception {
        login("admin");
        byte[] bundle = Files.readAllBytes(bundle("fromurl", "1.0.0"));
        HttpServer files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/fromurl.tar.gz");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? bundle.length : -1);
            try (OutputStream body = exchange.getResponseBody()) {
                if (found) {
                    body.write(bundle);
                }
            }
        });
        files.start();
        try {
            String base = "http://127.0.0.1:" + files.getAddress().getPort();
            String url = base + "/fromurl.tar.gz?version=1&channel=stable";
            Result install = cli("plugin", "install-url", url);
            assertThat(install.exit()).as(install.err()).isZero();
            assertThat(install.out()).isEqualTo("Plugin fromurl plugin successfully installed" + NL);
            assertThat(installed("fromurl").plugin().manifest().version()).isEqualTo("1.0.0");

            Result again = cli("plugin", "install-url", url, base + "/gone.tar.gz");
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.out()).isEmpty();
            assertThat(again.err().lines().toList()).satisfiesExactly(
                    line -> assertThat(line).startsWith("Unable to install plugin from URL \"" + url + "\". Error: ")
                            .contains("A plugin with the same ID is already installed"),
                    line -> assertThat(line).isEqualTo("Unable to install plugin from URL \"" + base
                            + "/gone.tar.gz\". Error: Download failed: 127.0.0.1 answered HTTP 404. Check that the URL "
                            + "points to a plugin bundle (.tar.gz)."));

            assertThat(cli("plugin", "install-url", "--force", url).out())
                    .isEqualTo("Plugin fromurl plugin successfully installed" + NL);
        } finally {
            files.stop(0);
        }
    }

    @Test
    void enableDisableAndDeleteReportEachIdIncludingUnknownOnes() {
        login("admin");
        assertThat(cli("plugin", "add", bundle("demo", "1.0.0").toString()).exit()).isZero();

        Result enable = cli("plugin", "enable", "demo", "missing");
        assertThat(enable.exit()).isEqualTo(1);
        assertThat(enable.out()).isEqualTo("Enabled plugin: demo" + NL);
        assertThat(enable.err()).isEqualTo("Unable to enable plugin: missing. Error: Plugin is not installed: missing. "
                + "Check the id with the plugin list." + NL);
        assertThat(installed("demo").enabled()).isTrue();

        Result disable = cli("plugin", "disable", "demo");
        assertThat(disable.exit()).isZero();
        assertThat(disable.out()).isEqualTo("Disabled plugin: demo" + NL);
        assertThat(installed("demo").enabled()).isFalse();

        Result delete = cli("plugin", "delete", "demo", "missing");
        assertThat(delete.exit()).isEqualTo(1);
        assertThat(delete.out()).isEqualTo("Deleted plugin: demo" + NL);
        assertThat(delete.err()).isEqualTo("Unable to delete plugin: missing. Error: Plugin is not installed: missing. "
                + "Check the id with the plugin list." + NL);
        assertThat(server.server().console().plugins().find("demo")).isEmpty();
        assertThat(server.root().resolve("data/plugins/demo.tar.gz")).doesNotExist();
    }

    @Test
    void listPrintsTheServersActiveAndInactiveListsOrItsJson() throws Exception {
        login("admin");
        assertThat(cli("plugin", "add", bundle("alpha", "1.0.0").toString(), bundle("beta", "0.2.0").toString())
                .exit()).isZero();
        assertThat(cli("plugin", "enable", "beta").exit()).isZero();

        // This server runs no plugin processes, so even an enabled plugin is not "active" in GET /plugins.
        Result list = cli("plugin", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo(lines("Listing enabled plugins", "Listing disabled plugins",
                "  alpha: alpha plugin, Version: 1.0.0", "  beta: beta plugin, Version: 0.2.0"));

        Result json = cli("plugin", "list", "--json");
        assertThat(json.exit()).isZero();
        JsonNode printed = JsonMapper.builder().build().readTree(json.out());
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v4/plugins")).header("Authorization", "Bearer " + storedToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(printed).isEqualTo(JsonMapper.builder().build().readTree(direct.body()));
        assertThat(printed.path("inactive").findValuesAsText("id")).containsExactly("alpha", "beta");
    }

    @Test
    void aUserWithoutThePermissionGetsTheServersRefusal() {
        login("user");
        Result list = cli("plugin", "list");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("Error: You do not have the appropriate permissions." + NL);

        Path bundle = bundle("demo", "1.0.0");
        Result add = cli("plugin", "add", bundle.toString());
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.err()).isEqualTo("Unable to add plugin: " + bundle
                + ". Error: You do not have the appropriate permissions." + NL);
        assertThat(server.server().console().plugins().find("demo")).isEmpty();
    }

    @Test
    void withoutALoginEveryCommandSaysHowToLogIn() {
        Result list = cli("plugin", "list");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).isEqualTo("Error: not logged in to a server; run 'plugin-console auth login URL "
                + "--username USER --password-file FILE' first (or use --local on the server's host with the server "
                + "stopped)" + NL);
        assertThat(cli("auth", "current").exit()).isEqualTo(1);
        assertThat(credentialsFile()).doesNotExist();
    }

    @Test
    void anEndedSessionIsReportedOnceBeforeAnyItemIsTried() throws Exception {
        login("admin");
        HttpResponse<String> logout = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/api/v4/users/logout")).header("Authorization", "Bearer " + storedToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(200);

        Result enable = cli("plugin", "enable", "one", "two");
        assertThat(enable.exit()).isEqualTo(1);
        assertThat(enable.out()).isEmpty();
        assertThat(enable.err()).isEqualTo("Error: the stored login for local (" + server.url() + ") is no longer "
                + "valid (expired, logged out or revoked); run 'plugin-console auth login' again" + NL);
    }

    @Test
    void logoutEndsTheSessionAndRemovesTheCredentials() throws Exception {
        login("admin");
        String token = storedToken();
        Result logout = cli("auth", "logout");
        assertThat(logout.exit()).isZero();
        assertThat(logout.out()).isEqualTo("credentials for local (" + server.url() + ") removed" + NL);
        assertThat(Files.readString(credentialsFile())).doesNotContain(token);
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v4/users/me")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(cli("plugin", "list").err()).startsWith("Error: not logged in to a server");
    }

    @Test
    void aPersonalAccessTokenCanBeStoredAndUsed() throws Exception {
        var auth = server.server().accounts().auth();
        String adminId = auth.login(TestServer.ADMIN, TestServer.PASSWORD, "test").userId();
        Path tokenFile = Files.writeString(tmp.resolve("token.txt"), auth.createAccessToken(adminId, "cli").token());

        Result login = cli("auth", "login", server.url(), "--name", "ci", "--access-token-file", tokenFile.toString());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).isEqualTo("credentials for ci (" + server.url() + ") stored" + NL);
        assertThat(cli("auth", "current").out())
                .isEqualTo("Logged in to ci (" + server.url() + ") as admin with a personal access token" + NL);
        Path bundle = bundle("demo", "1.0.0");
        assertThat(cli("plugin", "add", bundle.toString()).out()).isEqualTo("Added plugin: " + bundle + NL);

        Path bogus = Files.writeString(tmp.resolve("bogus.txt"), "not-a-token");
        Result refused = cli("auth", "login", server.url(), "--access-token-file", bogus.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("Error: cannot log in to " + server.url() + ": the access token was not "
                + "accepted (it may be revoked, or the server may not have ServiceSettings.EnableUserAccessTokens set "
                + "to true)" + NL);
        assertThat(cli("auth", "current").out()).contains("Logged in to ci");
    }

    @Test
    void aStoppedServerIsNamedInOneLine() {
        login("admin");
        String url = server.url();
        server.close();
        Result list = cli("plugin", "list");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).isEqualTo("Error: cannot connect to " + url
                + " (connection refused); is the server running?" + NL);
    }

    @Test
    void theRealCommandReadsXdgConfigHomeFromItsEnvironment() throws Exception {
        login("admin");
        Path bundle = bundle("demo", "1.0.0");
        Result add = process("plugin", "add", bundle.toString(), tmp.resolve("missing.tar.gz").toString());
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.out()).isEqualTo("Added plugin: " + bundle + NL);
        assertThat(add.err()).isEqualTo("Unable to add plugin: " + tmp.resolve("missing.tar.gz")
                + ". Error: no such file" + NL);
        assertThat(installed("demo").plugin().manifest().version()).isEqualTo("1.0.0");
    }

    /** The CLI as its own JVM, as LocalPluginCommandsTest runs it, with only XDG_CONFIG_HOME pointing here. */
    private Result process(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().put("XDG_CONFIG_HOME", configHome.toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
