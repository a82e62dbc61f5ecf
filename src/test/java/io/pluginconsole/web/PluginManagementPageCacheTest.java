package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Plugin Management page is kept rendered between requests: every viewer still gets their own
 * CSRF token and name, and every change (enable, disable, a plugin's state, the configuration)
 * shows on the very next request.
 */
class PluginManagementPageCacheTest {
    static final String HOME = "/admin_console/plugins/plugin_management";
    static final String SECOND_ADMIN = "second-admin";
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static PluginSettingsPageTest.Browser first;
    static PluginSettingsPageTest.Browser second;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        PluginSettingsPageTest.api = api;
        server.server().accounts().auth().createUser("second@example.com", SECOND_ADMIN, TestServer.PASSWORD, true);
        first = PluginSettingsPageTest.signIn(TestServer.ADMIN);
        second = PluginSettingsPageTest.signIn(SECOND_ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() {
        PluginService plugins = server.server().console().plugins();
        for (var p : plugins.list()) {
            plugins.remove(p.id());
        }
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("Enable", true).put("RequirePluginSignature", false));
    }

    private static String page(PluginSettingsPageTest.Browser who) {
        Api.Response r = api.get(HOME, "Cookie", who.cookies());
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private static void install(String id) {
        server.server().console().plugins().install(new ByteArrayInputStream(
                TarBuilder.plugin(id, TarBuilder.manifest(id, "1.0.0")).tarGz()), InstallMode.ALWAYS, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
    }

    /** Every CSRF token the page carries: hidden fields and the upload form's address. */
    private static java.util.Set<String> tokens(String html) {
        java.util.Set<String> found = new java.util.HashSet<>();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"|[?&]csrf=([^\"&]*)").matcher(html);
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return found;
    }

    private static String signedInAs(String html) {
        Matcher m = Pattern.compile("<span class=\"who\">([^<]*)</span>").matcher(html);
        assertThat(m.find()).as("the signed-in user's name").isTrue();
        return m.group(1);
    }

    @Test
    void everyViewerGetsTheirOwnTokenAndNameOnConsecutiveRequests() {
        install("com.example.shared");
        for (int i = 0; i < 3; i++) {
            String mine = page(first);
            String theirs = page(second);
            assertThat(tokens(mine)).containsExactly(first.csrf());
            assertThat(tokens(theirs)).containsExactly(second.csrf());
            assertThat(signedInAs(mine)).isEqualTo(TestServer.ADMIN);
            assertThat(signedInAs(theirs)).isEqualTo(SECOND_ADMIN);
            assertThat(mine).doesNotContain(second.csrf()).contains("data-plugin-id=\"com.example.shared\"");
            assertThat(theirs).doesNotContain(first.csrf()).doesNotContain(">" + TestServer.ADMIN + "<");
        }
        // The token each page carries is the one its session accepts.
        String own = tokens(page(second)).iterator().next();
        Api.Response enable = PluginSettingsPageTest.post(second, HOME + "/plugin/com.example.shared/enable",
                "csrf", own);
        assertThat(enable.status()).isEqualTo(303);
    }

    @Test
    void enableAndDisableShowOnTheNextRequest() {
        install("com.example.toggle");
        assertThat(page(first)).contains("id=\"enable-com.example.toggle\"");
        server.server().console().plugins().enable("com.example.toggle");
        assertThat(page(first)).contains("id=\"disable-com.example.toggle\"")
                .doesNotContain("id=\"enable-com.example.toggle\"");
        server.server().console().plugins().disable("com.example.toggle");
        assertThat(page(first)).contains("id=\"enable-com.example.toggle\"");
        // Through the page itself: the message comes once, the change stays.
        PluginSettingsPageTest.post(first, HOME + "/plugin/com.example.toggle/enable", "csrf", first.csrf());
        assertThat(page(first)).contains("id=\"flash\"").contains("id=\"disable-com.example.toggle\"");
        assertThat(page(first)).doesNotContain("id=\"flash\"").contains("id=\"disable-com.example.toggle\"");
    }

    @Test
    void installsAndRemovalsShowOnTheNextRequest() {
        install("com.example.first");
        assertThat(page(first)).contains("data-plugin-id=\"com.example.first\"")
                .doesNotContain("data-plugin-id=\"com.example.later\"");
        install("com.example.later");
        assertThat(page(first)).contains("data-plugin-id=\"com.example.later\"");
        assertThat(page(second)).contains("data-plugin-id=\"com.example.later\"");
        server.server().console().plugins().remove("com.example.later");
        assertThat(page(first)).doesNotContain("data-plugin-id=\"com.example.later\"");
    }

    @Test
    void configurationChangesShowOnTheNextRequest() {
        install("com.example.configured");
        assertThat(page(first)).contains("Choose Signature (optional)").contains("id=\"installed-heading\"");
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("RequirePluginSignature", true));
        assertThat(page(first)).contains("Choose Signature (required)").doesNotContain("Choose Signature (optional)");
        server.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("Enable", false));
        String off = page(first);
        assertThat(off).doesNotContain("id=\"installed-heading\"").contains("To enable plugins, set Enable Plugins to true.");
        assertThat(off).containsPattern("id=\"enable-plugins-false\"[^>]*checked");
    }

    @Test
    void aPluginsOwnStateChangeShowsOnTheNextRequest() {
        // Fails to start on its own a moment after the page was shown while it was starting.
        String id = "com.example.fails";
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"Fails\",\"version\":\"1.0.0\","
                + "\"server\":{\"executable\":\"server/plugin.sh\"}}";
        server.server().console().plugins().install(new ByteArrayInputStream(TarBuilder.plugin(id, manifest)
                .file(id + "/server/plugin.sh", "#!/bin/sh\nsleep 2\necho 'no database here' >&2\nexit 3\n"
                        .getBytes(StandardCharsets.UTF_8), 0755).tarGz()), InstallMode.ALWAYS, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
        CompletableFuture<Void> enabling = CompletableFuture.runAsync(() -> {
            try {
                server.server().console().plugins().enable(id);
            } catch (RuntimeException e) {
                // the failed start is what this test looks for on the page
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> page(first).contains("data-plugin-id=\"" + id + "\" data-state=\"1\""));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> page(first).contains("data-plugin-id=\"" + id + "\" data-state=\"3\""));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> page(first).contains("no database here"));
        enabling.join();
    }

    @Test
    void aMessageOrDialogIsOnlyForItsViewer() {
        install("com.example.dialog");
        String dialog = api.get(HOME + "?remove=com.example.dialog", "Cookie", first.cookies()).body();
        assertThat(dialog).contains("id=\"remove-dialog\"");
        assertThat(page(first)).doesNotContain("id=\"remove-dialog\"");
        assertThat(page(second)).doesNotContain("id=\"remove-dialog\"");
        assertThat(tokens(dialog)).containsExactly(first.csrf());
    }
}
