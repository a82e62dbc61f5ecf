package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.config.ConfigException;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import io.pluginconsole.testing.Unwritable;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A folder the server cannot create no longer stops it: it starts, says what is wrong and how to
 * fix it on Plugin Management and Server Logs, and plugin changes fail with that explanation.
 */
class StartupProblemTest {
    static final String MANAGEMENT = "/admin_console/plugins/plugin_management";
    static final String LOGS = "/admin_console/reporting/server_logs";
    @TempDir
    Path temp;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        Unwritable.release(temp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PluginSettings.ClientDirectory", "PluginSettings.Directory"})
    void startsWithAPluginFolderItCannotCreate(String setting) {
        Path folder = Unwritable.folder(temp, "plugins-folder").resolve("plugins");
        String variable = "MM_" + setting.toUpperCase().replace('.', '_');
        server = TestServer.start(temp.resolve("server"), Map.of(variable, folder.toString()), true);
        assertThat(Files.isDirectory(folder)).isFalse();
        assertBannersAndRefusals(setting, folder);
    }

    @Test
    void startsWithAFileStoreFolderItCannotCreate() throws Exception {
        Path root = temp.resolve("server");
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/plugins"), "a file where the bundles folder belongs");
        server = TestServer.start(root, Map.of(), true);
        assertBannersAndRefusals("FileSettings.Directory", root.resolve("data/plugins"));
    }

    private void assertBannersAndRefusals(String setting, Path folder) {
        Api api = new Api(server.url());
        String cookie = "MMAUTHTOKEN=" + server.token(TestServer.ADMIN);
        String user = System.getProperty("user.name");

        String management = api.get(MANAGEMENT, "Cookie", cookie).body();
        String banner = banner(management);
        assertThat(banner).contains("Plugins are unavailable.").contains(folder.toAbsolutePath().toString())
                .contains("as user &#39;" + user + "&#39;").contains("set " + setting + " in ")
                .contains("working directory " + temp.resolve("server").toAbsolutePath());
        assertThat(management).containsPattern("id=\"uploadPlugin\"[^>]*disabled");

        String logs = api.get(LOGS, "Cookie", cookie).body();
        assertThat(banner(logs)).isEqualTo(banner);
        // The same explanation is in the log itself, as an error.
        String errors = api.get(LOGS + "?level=ERROR&q=" + folder.getFileName(), "Cookie", cookie).body();
        assertThat(errors).contains("data-level=\"ERROR\"").contains("Plugin Console cannot create the");

        // The API refuses uploads with the explanation, not a 500.
        byte[] bundle = TarBuilder.plugin("com.example.demo", TarBuilder.manifest("com.example.demo", "1.0.0"))
                .tarGz();
        Api.Response upload = api.upload(server.token(TestServer.ADMIN),
                new Api.Multipart().file("plugin", "demo.tar.gz", bundle));
        assertThat(upload.status()).isEqualTo(501);
        assertThat(upload.json().get("id").asText()).isEqualTo("app.plugin.disabled.app_error");
        assertThat(upload.json().get("message").asText()).contains(setting).contains(folder.toString());

        // So does the page, as its one-shot message.
        String csrf = field(management, "csrf");
        Api.Response enable = api.send("POST", MANAGEMENT + "/plugin/com.example.demo/enable",
                HttpRequest.BodyPublishers.ofString("csrf=" + csrf), "Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(enable.status()).isEqualTo(303);
        String after = api.get(MANAGEMENT, "Cookie", cookie).body();
        assertThat(after).containsPattern("id=\"flash\"[^>]*>Plugins are unavailable\\. Plugin Console cannot create");
    }

    @Test
    void anUnwritableLogFolderOnlyTurnsTheLogFileOff() {
        Path folder = Unwritable.folder(temp, "logs");
        server = TestServer.start(temp.resolve("server"), Map.of("MM_LOGSETTINGS_FILELOCATION", folder.toString()),
                true);
        Api api = new Api(server.url());
        String cookie = "MMAUTHTOKEN=" + server.token(TestServer.ADMIN);
        String logs = api.get(LOGS, "Cookie", cookie).body();
        assertThat(banner(logs)).contains("The server log is not written to a file.")
                .contains("set LogSettings.FileLocation in").contains(folder.toString());
        assertThat(logs).contains("The server log is not written to a file. Set LogSettings.EnableFile");
        String management = api.get(MANAGEMENT, "Cookie", cookie).body();
        assertThat(management).doesNotContain("Plugins are unavailable.");
        assertThat(server.server().console().plugins().unavailable()).isFalse();
    }

    @Test
    void aDataFolderItCannotCreateStillStopsTheStartButSaysWhy() {
        Path folder = Unwritable.folder(temp, "data");
        assertThatThrownBy(() -> TestServer.start(temp.resolve("server"),
                Map.of("MM_SERVICESETTINGS_DATADIRECTORY", folder.toString()), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot create the data folder " + folder)
                .hasMessageContaining("ServiceSettings.DataDirectory")
                .hasMessageContaining("embedded database");
    }

    private static String banner(String html) {
        Matcher m = Pattern.compile("<div class=\"startup-problems\">(.*?)</div>\\s*</div>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a start-up problem banner").isTrue();
        // Indentation differs between pages (Plugin Management drops it), the banner does not.
        return m.group(1).replaceAll("\\s+", " ").strip();
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("field " + name).isTrue();
        return m.group(1);
    }
}
