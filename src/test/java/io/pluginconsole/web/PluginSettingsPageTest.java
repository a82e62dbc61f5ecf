package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestParser;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plugin settings page through the real server: rendering, saving, errors, secrets and refusals. */
class PluginSettingsPageTest {
    static final String PAGE = "/admin_console/plugins/plugin_";
    static final Path FIXTURES = Path.of("src/test/resources/real-manifests");
    static final String SECRET = "never-show-this-7f3a9";
    static final String MANIFEST = """
            {"id": "demo", "name": "Demo", "version": "1.0.0", "settings_schema": {
              "header": "Read [the guide](https://example.com/guide) or [this](javascript:alert(1)).",
              "footer": "<b>footer</b> Mind **this** and `that`.",
              "settings": [
                {"key": "EnableThing", "display_name": "Enable thing", "type": "bool", "default": true},
                {"key": "Colour", "display_name": "Colour", "type": "dropdown", "default": "red",
                 "options": [{"display_name": "Red", "value": "red"}, {"display_name": "Blue", "value": "blue"}]},
                {"key": "Greeting", "display_name": "Greeting", "type": "text", "default": "hello",
                 "help_text": "Shown <script>alert(1)</script> to everyone."},
                {"key": "MaxItems", "display_name": "Max items", "type": "number", "default": 30},
                {"key": "ApiKey", "display_name": "API key", "type": "text", "secret": true},
                {"key": "Webhook", "display_name": "Webhook secret:", "type": "generated"},
                {"key": "Layout", "display_name": "Layout", "type": "custom"},
                {"key": "Odd", "display_name": "Odd one", "type": "hologram"}
              ]}}
            """;

    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static Browser admin;

    record Browser(String cookies, String csrf) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        admin = signIn(TestServer.ADMIN);
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
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .putObject("Plugins"));
    }

    static Browser signIn(String user) {
        Api.Response form = api.get("/login");
        String loginCsrf = field(form.body(), "csrf");
        String preCookie = cookie(form, "MMLOGINCSRF");
        Api.Response login = api.send("POST", "/login", body(List.of("csrf", loginCsrf, "login_id", user,
                "password", TestServer.PASSWORD, "next", "")), "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", "MMLOGINCSRF=" + preCookie);
        assertThat(login.status()).isEqualTo(303);
        return new Browser("MMAUTHTOKEN=" + cookie(login, "MMAUTHTOKEN"), cookie(login, "MMCSRF"));
    }

    static String cookie(Api.Response r, String name) {
        return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.split(";", 2)[0].substring(name.length() + 1)).orElseThrow();
    }

    static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("field " + name).isTrue();
        return m.group(1);
    }

    static HttpRequest.BodyPublisher body(List<String> pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs.get(i), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
        }
        return HttpRequest.BodyPublishers.ofString(b.toString());
    }

    static Api.Response get(Browser b, String path) {
        return api.get(path, "Cookie", b.cookies());
    }

    static Api.Response post(Browser b, String path, String... pairs) {
        return api.send("POST", path, body(List.of(pairs)), "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", b.cookies());
    }

    static void install(String id, String manifest) {
        server.server().console().plugins().install(new ByteArrayInputStream(TarBuilder.plugin(id, manifest).tarGz()),
                InstallMode.ALWAYS, InstallSource.UPLOAD);
    }

    static JsonNode storedSettings(String id) throws IOException {
        JsonNode file = new ObjectMapper().readTree(server.root().resolve("config/config.json").toFile());
        return file.path("PluginSettings").path("Plugins").path(id);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    // ---- every real manifest ----

    static Stream<Path> realManifests() throws IOException {
        return Files.list(FIXTURES).filter(Files::isDirectory)
                .filter(d -> !d.getFileName().toString().endsWith("__invalid")).sorted()
                .flatMap(d -> Stream.of("plugin.json", "plugin.yaml", "plugin.yml").map(d::resolve)
                        .filter(Files::exists));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realManifests")
    void everyRealManifestRendersItsSettingsPage(Path file) throws IOException {
        byte[] text = Files.readAllBytes(file);
        Manifest manifest = ManifestParser.parse(text, file.getFileName().toString()).manifest();
        String id = manifest.id();
        TarBuilder bundle = TarBuilder.create().dir(id + "/").file(id + "/" + file.getFileName(), text);
        Set<String> files = new LinkedHashSet<>();
        Manifest.Server part = manifest.serverPart();
        if (part != null && part.executables() != null) {
            files.addAll(part.executables().values());
        }
        if (part != null && part.executable() != null && !part.executable().isEmpty()) {
            files.add(part.executable());
        }
        if (manifest.hasWebapp()) {
            files.add(manifest.webapp().bundlePath());
        }
        if (manifest.iconPath() != null) {
            files.add(manifest.iconPath());
        }
        for (String path : files) {
            bundle.file(id + "/" + path.replaceFirst("^/+", ""), "content".getBytes(StandardCharsets.UTF_8), 0755);
        }
        server.server().console().plugins().install(new ByteArrayInputStream(bundle.tarGz()), InstallMode.ALWAYS,
                io.pluginconsole.plugins.install.InstallSource.UPLOAD);

        Api.Response page = get(admin, PAGE + id);

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<main class=\"content\" id=\"main\" data-plugin-id=").contains(escape(manifest.displayName()));
        if (!manifest.hasSettings()) {
            assertThat(page.body()).contains("This plugin has no settings.");
            return;
        }
        // Sections first; a top-level setting whose key a section also has is shown in its section's form.
        List<Manifest.Setting> settings = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        Manifest.SettingsSchema schema = manifest.settingsSchema();
        if (schema.sections() != null) {
            for (Manifest.Section section : schema.sections()) {
                if (section.title() != null) {
                    assertThat(page.body()).contains(escape(section.title()));
                }
                if (section.settings() != null) {
                    for (Manifest.Setting s : section.settings()) {
                        if (keys.add(s.key().toLowerCase(java.util.Locale.ROOT))) {
                            settings.add(s);
                        }
                    }
                }
            }
        }
        if (schema.settings() != null) {
            for (Manifest.Setting s : schema.settings()) {
                if (s.key() == null || keys.add(s.key().toLowerCase(java.util.Locale.ROOT))) {
                    settings.add(s);
                }
            }
        }
        int shown = 0;
        for (Manifest.Setting s : settings) {
            if ("cloud".equals(s.hosting()) || s.displayName() == null || s.displayName().isEmpty()) {
                continue;
            }
            shown++;
            assertThat(page.body()).as(s.key()).contains(escape(s.displayName()));
        }
        // Save is offered when something can be saved: not for settings that only the (stopped) plugin's web app draws.
        if (settings.stream().anyMatch(s -> !"custom".equalsIgnoreCase(s.type()))) {
            assertThat(page.body()).contains("id=\"save-plugin-settings\"");
        }
        assertThat(shown).isLessThanOrEqualTo(settings.size());
    }

    // ---- saving ----

    @Test
    void savingStoresTypedValuesUnderLowerCasedKeys() throws IOException {
        install("demo", MANIFEST);
        Api.Response page = get(admin, PAGE + "demo");
        assertThat(page.status()).isEqualTo(200);

        Api.Response saved = post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.enablething", "false",
                "s.colour", "blue", "s.greeting", "Hi <there>", "s.maxitems", "42", "s.apikey", "k-1",
                "s.webhook", "abc");

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo(PAGE + "demo");
        JsonNode stored = storedSettings("demo");
        assertThat(stored.get("enablething").isBoolean()).isTrue();
        assertThat(stored.get("enablething").asBoolean()).isFalse();
        assertThat(stored.get("maxitems").isIntegralNumber()).isTrue();
        assertThat(stored.get("maxitems").asLong()).isEqualTo(42);
        assertThat(stored.get("colour").asText()).isEqualTo("blue");
        assertThat(stored.get("greeting").asText()).isEqualTo("Hi <there>");
        assertThat(stored.get("apikey").asText()).isEqualTo("k-1");
        assertThat(stored.has("EnableThing")).isFalse();
        assertThat(server.server().console().config().current().pluginSettings().plugins().get("demo"))
                .containsEntry("maxitems", 42L);

        Api.Response after = get(admin, PAGE + "demo");
        assertThat(after.body()).contains("Settings saved.").contains("value=\"42\"")
                .contains("Hi &lt;there&gt;").doesNotContain("k-1");
        assertThat(get(admin, PAGE + "demo").body()).as("the message is shown once").doesNotContain("Settings saved.");
    }

    @Test
    void anInvalidFormShowsTheErrorBesideTheFieldKeepsTheInputAndSavesNothing() throws IOException {
        install("demo", MANIFEST);

        Api.Response r = post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.enablething", "false",
                "s.greeting", "kept input", "s.maxitems", "abc", "s.colour", "green");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Nothing was saved.")
                .containsPattern("id=\"setting-maxitems-error\"[^>]*>Enter a number, such as 10 or 2.5.<")
                .containsPattern("id=\"setting-colour-error\"[^>]*>Choose one of the listed options.<")
                .contains("value=\"abc\"").contains("value=\"kept input\"");
        int field = r.body().indexOf("id=\"setting-maxitems\"");
        int error = r.body().indexOf("id=\"setting-maxitems-error\"");
        int next = r.body().indexOf("id=\"setting-apikey\"");
        assertThat(field).isPositive().isLessThan(error);
        assertThat(error).isLessThan(next);
        assertThat(storedSettings("demo").isMissingNode()).isTrue();
    }

    @Test
    void secretsNeverReachTheBrowserAndAnEmptyFieldKeepsThem() throws IOException {
        install("demo", MANIFEST);
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .withObjectProperty("Plugins").putObject("demo").put("apikey", SECRET));

        Api.Response page = get(admin, PAGE + "demo");
        assertThat(page.body()).doesNotContain(SECRET).contains("placeholder=\"********\"")
                .contains("A value is stored and is not");

        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.apikey", "", "s.greeting", "x").status())
                .isEqualTo(303);
        assertThat(storedSettings("demo").get("apikey").asText()).isEqualTo(SECRET);
        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.apikey", "********").status()).isEqualTo(303);
        assertThat(storedSettings("demo").get("apikey").asText()).isEqualTo(SECRET);

        Api.Response invalid = post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.maxitems", "x");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).doesNotContain(SECRET);
        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.apikey", "", "regenerate", "webhook").body())
                .doesNotContain(SECRET);

        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.apikey", "replaced").status()).isEqualTo(303);
        assertThat(storedSettings("demo").get("apikey").asText()).isEqualTo("replaced");
        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "clear", "apikey").status()).isEqualTo(303);
        assertThat(storedSettings("demo").has("apikey")).isFalse();
    }

    @Test
    void regenerateFillsANewRandomValueWithoutSaving() throws IOException {
        install("demo", MANIFEST);
        Api.Response r = post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.webhook", "old", "s.greeting", "typed",
                "regenerate", "webhook");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("A new value was generated for Webhook secret. Click Save").contains("value=\"typed\"")
                .doesNotContain("value=\"old\"").containsPattern("id=\"setting-webhook\" name=\"s.webhook\" value=\"[A-Za-z0-9]{32}\"");
        assertThat(storedSettings("demo").isMissingNode()).isTrue();
    }

    @Test
    void markdownIsEscapedTextWithOnlyHttpLinks() {
        install("demo", MANIFEST);
        String html = get(admin, PAGE + "demo").body();
        assertThat(html).contains("<a href=\"https://example.com/guide\" rel=\"noopener noreferrer\" target=\"_blank\">the guide</a>")
                .doesNotContain("href=\"javascript:").contains("&lt;b&gt;footer&lt;/b&gt;")
                .contains("Mind <strong>this</strong> and <code>that</code>.")
                .contains("Shown &lt;script&gt;alert(1)&lt;/script&gt; to everyone.").doesNotContain("<script>alert");
    }

    @Test
    void customAndUnknownSettingsAreShownWithoutFailing() {
        install("demo", MANIFEST);
        String html = get(admin, PAGE + "demo").body();
        assertThat(html).contains("In order to view this setting, enable the plugin and click Save.")
                .contains("data-custom-setting=\"Layout\"")
                .contains("has the type &quot;hologram&quot;, which this console cannot edit");
    }

    // ---- pages around it ----

    @Test
    void unknownPluginIsNotFoundAndAPluginWithoutSchemaHasNoSettings() {
        Api.Response missing = get(admin, PAGE + "nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("No plugin with the id &quot;nope&quot; is installed.");
        assertThat(post(admin, PAGE + "nope", "csrf", admin.csrf()).status()).isEqualTo(404);

        install("plain", TarBuilder.manifest("plain", "1.0.0"));
        Api.Response plain = get(admin, PAGE + "plain");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).contains("This plugin has no settings.").doesNotContain("plugin-settings-form");

        Api.Response management = get(admin, "/admin_console/plugins/plugin_management");
        assertThat(management.status()).isEqualTo(200);
        assertThat(management.body()).contains("Upload Plugin:");
    }

    @Test
    void theSidebarListsPluginsWithSettingsAndPagesLoadTheRegistry() {
        install("demo", MANIFEST);
        install("plain", TarBuilder.manifest("plain", "1.0.0"));
        for (String path : List.of("/admin_console/plugins/plugin_management", PAGE + "demo")) {
            String html = get(admin, path).body();
            assertThat(html).contains("href=\"/admin_console/plugins/plugin_demo\"")
                    .doesNotContain("href=\"/admin_console/plugins/plugin_plain\"")
                    .contains("<script src=\"/static/js/plugin-registry.js\" defer></script>");
        }
        assertThat(get(admin, PAGE + "demo").body())
                .containsPattern("class=\"plugin-link active\"[^>]*>Demo<");
    }

    @Test
    void theEnableSwitchUsesThePluginService() {
        install("demo", MANIFEST);
        Api.Response r = post(admin, PAGE + "demo/enable", "csrf", admin.csrf());
        assertThat(r.status()).isEqualTo(303);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isTrue();
        assertThat(post(admin, PAGE + "demo/disable").status()).isEqualTo(403);
        assertThat(post(admin, PAGE + "demo/disable", "csrf", admin.csrf()).status()).isEqualTo(303);
        assertThat(server.server().console().config().current().pluginSettings().isEnabled("demo")).isFalse();
    }

    // ---- refusals ----

    @Test
    void savingNeedsTheFormTokenAndThisOrigin() throws IOException {
        install("demo", MANIFEST);
        assertThat(post(admin, PAGE + "demo", "s.maxitems", "5").status()).isEqualTo(403);
        assertThat(post(admin, PAGE + "demo", "csrf", "wrong", "s.maxitems", "5").status()).isEqualTo(403);
        Api.Response foreign = api.send("POST", PAGE + "demo", body(List.of("csrf", admin.csrf(), "s.maxitems", "5")),
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", admin.cookies(),
                "Origin", "http://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(api.send("POST", PAGE + "demo", body(List.of("s.maxitems", "5")), "Content-Type",
                "application/x-www-form-urlencoded").status()).isEqualTo(403);
        assertThat(storedSettings("demo").isMissingNode()).isTrue();
    }

    @Test
    void nonAdministratorsAndAnonymousVisitorsAreRefused() throws IOException {
        install("demo", MANIFEST);
        Browser user = signIn(TestServer.USER);
        Api.Response page = get(user, PAGE + "demo");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("Max items");
        assertThat(post(user, PAGE + "demo", "csrf", user.csrf(), "s.maxitems", "5").status()).isEqualTo(403);
        Api.Response anonymous = api.get(PAGE + "demo");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).startsWith("/login?next=");
        assertThat(storedSettings("demo").isMissingNode()).isTrue();
    }

    @Test
    void settingsSurviveOtherKeysAndReplaceOtherCases() throws IOException {
        install("demo", MANIFEST);
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .withObjectProperty("Plugins").putObject("demo").put("MaxItems", 3).put("unrelated", "keep"));
        assertThat(get(admin, PAGE + "demo").body()).contains("value=\"3\"");
        assertThat(post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.maxitems", "4").status()).isEqualTo(303);
        JsonNode stored = storedSettings("demo");
        assertThat(stored.has("MaxItems")).isFalse();
        assertThat(stored.get("maxitems").asInt()).isEqualTo(4);
        assertThat(stored.get("unrelated").asText()).isEqualTo("keep");
        Map<String, Object> effective = server.server().console().config().current().pluginSettings().plugins()
                .get("demo");
        assertThat(effective).containsEntry("maxitems", 4L).containsEntry("unrelated", "keep");
    }

    @Test
    void aSaveChangesOnlyThePostedSettingsAndKeepsWhatWasEditedOnDisk() throws IOException {
        install("demo", MANIFEST);
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .withObjectProperty("Plugins").putObject("demo").put("colour", "red").put("maxitems", 5));
        // Edited by hand while the server runs: another setting of this plugin and another plugin's.
        Path file = server.root().resolve("config/config.json");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(file.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode plugins =
                tree.withObjectProperty("PluginSettings").withObjectProperty("Plugins");
        plugins.withObjectProperty("demo").put("colour", "blue");
        plugins.putObject("com.example.other").put("token", "by hand");
        Files.writeString(file, new ObjectMapper().writeValueAsString(tree));

        Api.Response saved = post(admin, PAGE + "demo", "csrf", admin.csrf(), "s.greeting", "posted");

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode demo = storedSettings("demo");
        assertThat(demo.path("greeting").asText()).isEqualTo("posted");
        assertThat(demo.path("colour").asText()).as("edited on disk, not posted").isEqualTo("blue");
        assertThat(demo.path("maxitems").asInt()).as("not posted").isEqualTo(5);
        assertThat(storedSettings("com.example.other").path("token").asText()).isEqualTo("by hand");
    }
}
