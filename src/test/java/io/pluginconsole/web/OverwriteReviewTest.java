package io.pluginconsole.web;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstalledPlugin;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import io.pluginconsole.testing.Workspace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's "Overwrite existing plugin?" review, over HTTP against the real server: the dialog
 * describes only what the server staged, and confirming installs exactly the reviewed bytes, once,
 * from the session that started it.
 */
class OverwriteReviewTest {
    static final String PAGE = "/admin_console/plugins/plugin_management";
    static final byte[] V101 = TarBuilder.plugin("demo", manifest("demo", "1.0.1")).tarGz();
    static final byte[] V102 = TarBuilder.plugin("demo", manifest("demo", "1.0.2")).tarGz();
    static final byte[] V999 = TarBuilder.plugin("demo", manifest("demo", "9.9.9")).tarGz();
    static final Pattern FLASH = Pattern.compile("id=\"flash\"[^>]*>([^<]*)<");

    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static LoopbackHttpServer repository;
    /** What the repository serves at /demo.tar.gz right now. */
    static final AtomicReference<byte[]> served = new AtomicReference<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1"), true);
        api = new Api(server.url());
        repository = LoopbackHttpServer.start((request, out) -> {
            if (request.target().equals("/demo.tar.gz")) {
                respond(out, 200, served.get());
            } else {
                respond(out, 404, new byte[0]);
            }
        });
    }

    @AfterAll
    static void stop() {
        repository.close();
        server.close();
    }

    @BeforeEach
    void installVersion101() {
        served.set(V102);
        server.server().console().plugins().install(new ByteArrayInputStream(V101), InstallMode.ALWAYS, InstallSource.UPLOAD);
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
    }

    @Test
    void aLinkCannotDescribeAnOverwrite() {
        Browser b = signIn();
        String probe = PAGE + "?overwrite_url=" + enc(repository.url("/demo.tar.gz"))
                + "&id=demo&installed=1.0.1&uploaded=1.0.2";

        String html = api.get(probe, "Cookie", b.cookies()).body();

        assertThat(html).doesNotContain("overwrite-dialog").doesNotContain("Overwrite existing plugin?")
                .doesNotContain("name=\"force\"").doesNotContain(repository.url("/demo.tar.gz"));
        assertThat(forms(html)).filteredOn(f -> f.contains("install_from_url"))
                .singleElement().satisfies(f -> assertThat(f).doesNotContain("force").contains("name=\"url\" type=\"url\""));
        // Forcing from the form does not skip the review either.
        Api.Response forced = post(b, PAGE + "/install_from_url", Map.of("csrf", b.csrf(),
                "url", repository.url("/demo.tar.gz"), "force", "true"));
        assertThat(forced.header("Location")).startsWith(PAGE + "?overwrite=");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
        post(b, cancelAction(api.get(forced.header("Location"), "Cookie", b.cookies()).body()), Map.of("csrf", b.csrf()));
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void aUrlConflictInstallsTheReviewedBytesNotWhatTheUrlServesLater() {
        Browser b = signIn();
        String url = repository.url("/demo.tar.gz");

        Api.Response conflict = post(b, PAGE + "/install_from_url", Map.of("csrf", b.csrf(), "url", url));
        assertThat(conflict.status()).isEqualTo(303);
        assertThat(conflict.header("Location")).matches(Pattern.quote(PAGE) + "\\?overwrite=[a-z0-9]+");
        String dialog = api.get(conflict.header("Location"), "Cookie", b.cookies()).body();
        assertThat(text(dialog, "overwrite-uploaded")).isEqualTo("1.0.2");
        assertThat(text(dialog, "overwrite-installed")).isEqualTo("1.0.1");
        assertThat(text(dialog, "overwrite-uploaded-sha256")).isEqualTo(Workspace.sha256(V102));
        assertThat(text(dialog, "overwrite-installed-sha256")).isEqualTo(Workspace.sha256(V101));
        assertThat(text(dialog, "overwrite-source")).isEqualTo(url);
        assertThat(hidden(dialog, "sha256")).isEqualTo(Workspace.sha256(V102));

        served.set(V999);
        Api.Response confirm = post(b, confirmAction(dialog), Map.of("csrf", b.csrf(), "sha256", hidden(dialog, "sha256")));

        assertThat(confirm.status()).isEqualTo(303);
        assertThat(flash(b)).isEqualTo("Successfully updated plugin from " + url);
        assertThat(installed().manifest().version()).isEqualTo("1.0.2");
        assertThat(installed().record().sha256()).isEqualTo(Workspace.sha256(V102));
    }

    @Test
    void aReviewWorksOnceOnlyInItsOwnSessionAndOnlyForTheShownHash() {
        Browser owner = signIn();
        Browser other = signIn();
        String dialog = uploadConflict(owner, V102);
        String action = confirmAction(dialog);
        String sha = hidden(dialog, "sha256");

        post(other, action, Map.of("csrf", other.csrf(), "sha256", sha));
        assertThat(flash(other)).startsWith("Nothing was installed: this overwrite is not pending for your session.");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");

        post(owner, action, Map.of("csrf", owner.csrf(), "sha256", Workspace.sha256(V999)));
        assertThat(flash(owner)).startsWith("Nothing was installed: the confirmation did not name the SHA-256 of "
                + "the reviewed bundle (" + sha + ")");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");

        // The refused confirmation used the review up.
        post(owner, action, Map.of("csrf", owner.csrf(), "sha256", sha));
        assertThat(flash(owner)).startsWith("Nothing was installed: this overwrite is not pending");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");

        String again = uploadConflict(owner, V102);
        post(owner, confirmAction(again), Map.of("csrf", owner.csrf(), "sha256", sha));
        assertThat(flash(owner)).isEqualTo("Successfully updated plugin from demo.tar.gz");
        assertThat(installed().manifest().version()).isEqualTo("1.0.2");

        server.server().console().plugins().install(new ByteArrayInputStream(V101), InstallMode.ALWAYS, InstallSource.UPLOAD);
        post(owner, confirmAction(again), Map.of("csrf", owner.csrf(), "sha256", sha));
        assertThat(flash(owner)).startsWith("Nothing was installed: this overwrite is not pending");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
    }

    @Test
    void aStagedFileChangedAfterTheReviewIsNotInstalled() throws IOException {
        Browser b = signIn();
        String dialog = uploadConflict(b, V102);
        List<Path> staged = stagedFiles();
        assertThat(staged).hasSize(1);
        Files.write(staged.get(0), V999);

        post(b, confirmAction(dialog), Map.of("csrf", b.csrf(), "sha256", hidden(dialog, "sha256")));

        assertThat(flash(b)).isEqualTo("Nothing was installed: the staged bundle no longer has the SHA-256 that was "
                + "reviewed (" + Workspace.sha256(V102) + "). Upload the file or install from the URL again.");
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
        assertThat(stagedFiles()).isEmpty();
    }

    @Test
    void cancelDeletesTheStagedBundle() {
        Browser b = signIn();
        String dialog = uploadConflict(b, V102);
        assertThat(stagedFiles()).hasSize(1);
        assertThat(post(b, cancelAction(dialog), Map.of("csrf", b.csrf())).status()).isEqualTo(303);

        assertThat(stagedFiles()).isEmpty();
        assertThat(post(b, confirmAction(dialog), Map.of("csrf", b.csrf(), "sha256", hidden(dialog, "sha256")))
                .status()).isEqualTo(303);
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
    }

    // --- helpers ---

    @Test
    void theDialogSaysWhetherTheUploadUpgradesDowngradesOrKeepsTheVersion() {
        Browser b = signIn();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("1.0.2", "upgrade|This upload upgrades the installed plugin.");
        expected.put("1.0.0", "downgrade|This upload appears to downgrade the existing plugin.");
        expected.put("1.0.1", "same|This upload has the same version as the installed plugin.");
        expected.put("one", "unknown|The versions cannot be compared.");
        expected.forEach((version, want) -> {
            String html = uploadConflict(b, TarBuilder.plugin("demo", manifest("demo", version)).tarGz());
            String[] parts = want.split("\\|");
            assertThat(html).as(version).containsPattern("id=\"overwrite-direction\" data-direction=\""
                    + parts[0] + "\"");
            assertThat(text(html, "overwrite-direction")).as(version).startsWith(parts[1]);
            assertThat(api.send("POST", cancelAction(html), HttpRequest.BodyPublishers.ofString("csrf=" + b.csrf()),
                    "Content-Type", "application/x-www-form-urlencoded", "Cookie", b.cookies()).status())
                    .isEqualTo(303);
        });
        assertThat(installed().manifest().version()).isEqualTo("1.0.1");
    }

    record Browser(String cookies, String csrf) {
    }

    static InstalledPlugin installed() {
        return server.server().console().plugins().find("demo").orElseThrow().plugin();
    }

    /** Uploads through the page and returns the dialog it leads to. */
    static String uploadConflict(Browser b, byte[] bundle) {
        Api.Multipart form = new Api.Multipart().file("plugin", "demo.tar.gz", bundle);
        Api.Response r = api.send("POST", PAGE + "/upload?csrf=" + b.csrf(), form.publisher(),
                "Content-Type", form.contentType(), "Cookie", b.cookies());
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).startsWith(PAGE + "?overwrite=");
        String html = api.get(r.header("Location"), "Cookie", b.cookies()).body();
        assertThat(html).contains("id=\"overwrite-dialog\"");
        return html;
    }

    static List<Path> stagedFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getParent().getFileName().toString().equals(".staging"))
                    .filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String confirmAction(String html) {
        Matcher m = Pattern.compile("action=\"(" + Pattern.quote(PAGE) + "/review/[a-z0-9]+/overwrite)\"").matcher(html);
        assertThat(m.find()).as("confirm form").isTrue();
        return m.group(1);
    }

    static String cancelAction(String html) {
        Matcher m = Pattern.compile("action=\"(" + Pattern.quote(PAGE) + "/review/[a-z0-9]+/cancel)\"").matcher(html);
        assertThat(m.find()).as("cancel form").isTrue();
        return m.group(1);
    }

    static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(m.find()).as("element " + id).isTrue();
        return m.group(1);
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("field " + name).isTrue();
        return m.group(1);
    }

    static List<String> forms(String html) {
        return Pattern.compile("<form.*?</form>", Pattern.DOTALL).matcher(html).results().map(java.util.regex.MatchResult::group).toList();
    }

    /** The page's one-shot message for this session (read once, as the browser would). */
    static String flash(Browser b) {
        Matcher m = FLASH.matcher(api.get(PAGE, "Cookie", b.cookies()).body());
        assertThat(m.find()).as("flash message").isTrue();
        return m.group(1).strip();
    }

    static Browser signIn() {
        Api.Response form = api.get("/login");
        String loginCsrf = hidden(form.body(), "csrf");
        Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", loginCsrf, "login_id",
                TestServer.ADMIN, "password", TestServer.PASSWORD, "next", "")),
                "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", "MMLOGINCSRF=" + cookie(form, "MMLOGINCSRF"));
        assertThat(login.status()).isEqualTo(303);
        return new Browser("MMAUTHTOKEN=" + cookie(login, "MMAUTHTOKEN"), cookie(login, "MMCSRF"));
    }

    static String cookie(Api.Response r, String name) {
        return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.split(";", 2)[0].substring(name.length() + 1)).orElseThrow();
    }

    static Api.Response post(Browser b, String path, Map<String, String> fields) {
        return api.send("POST", path, formBody(fields), "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", b.cookies());
    }

    static HttpRequest.BodyPublisher formBody(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(enc(v)));
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
