package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the console says and offers: environment-set settings, kept input, custom settings, Save. */
class ConsoleWordingTest {
    static final String HOME = "/admin_console/plugins/plugin_management";
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static PluginSettingsPageTest.Browser admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ENABLE", "true",
                "MM_PLUGINSETTINGS_ENABLEUPLOADS", "true"), true);
        api = new Api(server.url());
        PluginSettingsPageTest.api = api;
        admin = PluginSettingsPageTest.signIn(TestServer.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void install(String id, String manifest) {
        server.server().console().plugins().install(new ByteArrayInputStream(TarBuilder.plugin(id, manifest)
                .file(id + "/webapp/main.js", "window.registerPlugin('" + id + "', {});").tarGz()),
                InstallMode.ALWAYS, InstallSource.UPLOAD);
    }

    @Test
    void settingsSetByTheEnvironmentSaySoAndCannotBeChanged() {
        String html = api.get(HOME, "Cookie", admin.cookies()).body();
        assertThat(html).contains("id=\"enable-plugins-env\"").contains("(MM_PLUGINSETTINGS_ENABLE)")
                .contains("id=\"enable-uploads-env\"").doesNotContain("id=\"require-signature-env\"");
        assertThat(html).containsPattern("id=\"enable-plugins-true\"[^>]*disabled");
    }

    @Test
    void aFailedInstallFromUrlKeepsTheAddressInTheForm() {
        Api.Response r = PluginSettingsPageTest.post(admin, HOME + "/install_from_url", "csrf", admin.csrf(),
                "url", "http://127.0.0.1:9/nothing-here.tar.gz");
        assertThat(r.status()).isEqualTo(303);
        String html = api.get(HOME, "Cookie", admin.cookies()).body();
        assertThat(html).contains("id=\"flash\"").contains("value=\"http://127.0.0.1:9/nothing-here.tar.gz\"");
        // Only once: the next visit starts empty again.
        assertThat(api.get(HOME, "Cookie", admin.cookies()).body()).doesNotContain("nothing-here.tar.gz");
    }

    @Test
    void noSaveButtonWithNothingToSave() {
        install("com.example.unknowntypes", """
                {"id": "com.example.unknowntypes", "name": "Odd", "version": "1.0.0",
                 "webapp": {"bundle_path": "webapp/main.js"},
                 "settings_schema": {"settings": [{"key": "Shape", "type": "hologram", "display_name": "Shape"}]}}""");
        install("com.example.texts", """
                {"id": "com.example.texts", "name": "Texts", "version": "1.0.0",
                 "webapp": {"bundle_path": "webapp/main.js"},
                 "settings_schema": {"settings": [{"key": "Name", "type": "text", "display_name": "Name"}]}}""");
        assertThat(api.get("/admin_console/plugins/plugin_com.example.unknowntypes", "Cookie", admin.cookies())
                .body()).doesNotContain("id=\"save-plugin-settings\"");
        assertThat(api.get("/admin_console/plugins/plugin_com.example.texts", "Cookie", admin.cookies())
                .body()).contains("id=\"save-plugin-settings\"");
    }

    @Test
    void aCustomSettingOfARunningPluginDoesNotAskToEnableIt() {
        String id = "com.example.customrunning";
        install(id, """
                {"id": "com.example.customrunning", "name": "Custom", "version": "1.0.0",
                 "webapp": {"bundle_path": "webapp/main.js"},
                 "settings_schema": {"settings": [{"key": "Layout", "type": "custom", "display_name": "Layout"}]}}""");
        String page = "/admin_console/plugins/plugin_" + id;
        assertThat(api.get(page, "Cookie", admin.cookies()).body())
                .contains("In order to view this setting, enable the plugin and click Save.");
        server.server().console().plugins().enable(id);
        assertThat(api.get(page, "Cookie", admin.cookies()).body())
                .doesNotContain("enable the plugin and click Save")
                .contains("This setting is drawn by the plugin&#39;s web app, which has not drawn it.");
        assertThat(List.of(api.get(page, "Cookie", admin.cookies()).body())).allMatch(b -> b.contains("save-plugin-settings"));
    }
}
