package io.pluginconsole.web;

import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.auth.Session;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.FolderWatch;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileSettings.FreeSpaceReserveBytes: a bundle that would leave less free disk space than the
 * reserve is refused (507) before anything is received. The reserve is set far above any real
 * disk, so the refusal is reached without filling one.
 */
class FreeSpaceReserveTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    static final String NO_SPACE = "app.plugin.install.no_space.app_error";
    static final byte[] BUNDLE = TarBuilder.plugin("roomy", manifest("roomy", "1.0.0")).tarGz();
    @TempDir
    static Path root;
    static TestServer server;
    static LoopbackHttpServer repository;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_FILESETTINGS_FREESPACERESERVEBYTES", String.valueOf(1L << 60),
                "MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.0/8"), true);
        api = new Api(server.url());
        repository = LoopbackHttpServer.start((request, out) -> respond(out, 200, BUNDLE));
    }

    @AfterAll
    static void stop() {
        repository.close();
        server.close();
    }

    @Test
    void uploadsAreRefusedBeforeTheBodyIsWritten() throws Exception {
        String token = server.token(TestServer.ADMIN);
        List<String> created = FolderWatch.created(root.resolve("data/.uploads"), () -> {
            Api.Response r = api.upload(token, new Api.Multipart().file("plugin", "roomy.tar.gz", BUNDLE));
            assertThat(r.status()).as(r.body()).isEqualTo(507);
            assertThat(r.json().get("id").asText()).isEqualTo(NO_SPACE);
            assertThat(r.json().get("message").asText())
                    .startsWith("Not enough free disk space for the plugin in " + root.resolve("data"))
                    .contains("kept free for the database and the configuration (FileSettings.FreeSpaceReserveBytes)")
                    .contains("Free space on that disk, then try again.");
        });
        assertThat(created).isEmpty();
        assertThat(server.server().console().plugins().find("roomy")).isEmpty();
    }

    @Test
    void consoleUploadsAreRefusedWithThePageSayingWhy() throws Exception {
        Session admin = server.server().accounts().auth().login(TestServer.ADMIN, TestServer.PASSWORD, "test");
        Api.Multipart form = new Api.Multipart().file("plugin", "roomy.tar.gz", BUNDLE);
        List<String> created = FolderWatch.created(root.resolve("data/.uploads"), () -> {
            Api.Response r = api.send("POST", PAGE + "/upload?csrf=" + admin.csrfToken(), form.publisher(),
                    "Content-Type", form.contentType(), "Cookie", "MMAUTHTOKEN=" + admin.token());
            assertThat(r.status()).isEqualTo(507);
            assertThat(r.body()).contains("Not enough free disk space for the plugin")
                    .contains("FileSettings.FreeSpaceReserveBytes");
        });
        assertThat(created).isEmpty();
        assertThat(server.server().console().plugins().find("roomy")).isEmpty();
    }

    @Test
    void downloadsAreRefusedBeforeTheyAreStaged() throws Exception {
        String url = repository.url("/roomy.tar.gz");
        List<String> created = FolderWatch.created(root.resolve("data/.staging"), () -> {
            Api.Response r = api.post("/api/v4/plugins/install_from_url?plugin_download_url="
                    + URLEncoder.encode(url, StandardCharsets.UTF_8), null, Api.bearer(server.token(TestServer.ADMIN)));
            assertThat(r.status()).as(r.body()).isEqualTo(507);
            assertThat(r.json().get("id").asText()).isEqualTo(NO_SPACE);
            assertThat(r.json().get("message").asText()).contains("FileSettings.FreeSpaceReserveBytes");
        });
        assertThat(created).isEmpty();
        assertThat(server.server().console().plugins().find("roomy")).isEmpty();
    }
}
