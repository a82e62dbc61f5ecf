package io.pluginconsole.web;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.auth.Session;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.FolderWatch;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart bodies are written to disk while they are parsed: only the two upload routes take
 * them, after authentication and CSRF, and nothing is ever written for a refused one.
 */
class MultipartIntakeTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    static final byte[] TWO_MIB = new byte[2 * 1024 * 1024];
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static Path uploads;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
        uploads = root.resolve("data/.uploads");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void multipartToLoginSettingsAndJsonRoutesIsRefusedWithoutWritingIt() throws Exception {
        Session admin = server.server().accounts().auth().login(TestServer.ADMIN, TestServer.PASSWORD, "test");
        Api.Multipart form = new Api.Multipart().field("csrf", "x").field("login_id", TestServer.ADMIN)
                .field("password", TestServer.PASSWORD).file("filler", "filler.bin", TWO_MIB);
        List<String> created = FolderWatch.created(uploads, () -> {
            Api.Response login = api.send("POST", "/login", form.publisher(), "Content-Type", form.contentType());
            assertThat(login.status()).isEqualTo(415);
            assertThat(login.header("Content-Type")).startsWith("text/html");
            assertThat(login.body()).contains("does not accept multipart/form-data");
            assertThat(login.header("Connection")).isEqualTo("close");
            assertThat(login.headers("Set-Cookie")).noneMatch(c -> c.startsWith("MMAUTHTOKEN="));

            Api.Response settings = api.send("POST", PAGE + "/settings", form.publisher(),
                    "Content-Type", form.contentType(), "Cookie", "MMAUTHTOKEN=" + admin.token());
            assertThat(settings.status()).isEqualTo(415);
            assertThat(settings.body()).contains("does not accept multipart/form-data");

            Api.Response json = api.send("POST", "/api/v4/users/login", form.publisher(),
                    "Content-Type", form.contentType());
            assertThat(json.status()).isEqualTo(415);
            assertThat(json.header("Content-Type")).isEqualTo("application/json");
            assertThat(json.json().get("id").asText()).isEqualTo("api.context.multipart_not_accepted.app_error");
            assertThat(json.json().get("status_code").asInt()).isEqualTo(415);
            assertThat(json.header("Connection")).isEqualTo("close");
        });
        assertThat(created).as("files created in " + uploads).isEmpty();
        assertThat(server.server().console().config().current().pluginSettings().enable()).isTrue();
    }

    @Test
    void anonymousUploadsAreRefusedBeforeTheBodyIsRead() throws Exception {
        Api.Multipart form = new Api.Multipart().file("plugin", "demo.tar.gz", TWO_MIB);
        List<String> created = FolderWatch.created(uploads, () -> {
            Api.Response apiUpload = api.send("POST", "/api/v4/plugins", form.publisher(),
                    "Content-Type", form.contentType());
            assertThat(apiUpload.status()).isEqualTo(401);
            assertThat(apiUpload.json().get("id").asText()).isEqualTo("api.context.session_expired.app_error");
            Api.Response pageUpload = api.send("POST", PAGE + "/upload?csrf=guess", form.publisher(),
                    "Content-Type", form.contentType());
            assertThat(pageUpload.status()).isEqualTo(403);
            assertThat(pageUpload.body()).contains("Sign in and try again");
        });
        assertThat(created).as("files created in " + uploads).isEmpty();
        assertThat(server.server().console().plugins().list()).isEmpty();
    }

    @Test
    void theUploadRoutesStillTakeMultipart() {
        byte[] bundle = TarBuilder.plugin("intake", manifest("intake", "1.0.0")).tarGz();
        Api.Response upload = api.upload(server.token(TestServer.ADMIN), new Api.Multipart().file("plugin", "p.tar.gz",
                bundle));
        assertThat(upload.status()).isEqualTo(201);
        assertThat(server.server().console().plugins().find("intake")).isPresent();
        server.server().console().plugins().remove("intake");
    }

    @Test
    void leftoversOfAnEarlierRunAreRemovedAtStart(@TempDir Path other) throws IOException {
        Path leftovers = other.resolve("data/.uploads");
        Files.createDirectories(leftovers.resolve("nested"));
        Files.write(leftovers.resolve("MultiPart123.tmp"), TWO_MIB);
        Files.write(leftovers.resolve("nested/MultiPart456.tmp"), TWO_MIB);
        try (TestServer restarted = TestServer.start(other, Map.of(), false)) {
            assertThat(new Api(restarted.url()).get("/api/v4/system/ping").status()).isEqualTo(200);
            assertThat(leftovers).isDirectory();
            try (Stream<Path> left = Files.list(leftovers)) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }
}
