package io.pluginconsole.web;

import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many installs from a slow URL at once, against the real server: two downloads run, two wait,
 * every further one is refused at once with 503 and Retry-After (AppError JSON on the API, a flash
 * message on the console), the threads the downloads use stay few, and the server keeps answering.
 */
class InstallFromUrlLimitsTest {
    static final byte[] BUNDLE = TarBuilder.plugin("slowplugin", manifest("slowplugin", "1.0.0")).tarGz();
    static final String PAGE = "/admin_console/plugins/plugin_management";
    static final int BURST = 40;

    @TempDir
    static Path root;
    static TestServer server;
    static LoopbackHttpServer repository;
    static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        server = TestServer.start(root, Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1",
                "MM_LIMITSETTINGS_MAXCONCURRENTDOWNLOADS", "2",
                "MM_LIMITSETTINGS_MAXQUEUEDDOWNLOADS", "2"), true);
        // The bundle is served only once the test lets it: until then every download hangs.
        repository = LoopbackHttpServer.start((request, out) -> {
            release.await();
            respond(out, 200, BUNDLE);
        });
    }

    @AfterAll
    static void stop() {
        release.countDown();
        repository.close();
        server.close();
    }

    @Test
    void aBurstOfSlowInstallsIsBoundedAndTheExcessIsToldToRetry() throws Exception {
        Api api = new Api(server.url());
        String admin = server.token(TestServer.ADMIN);
        String path = "/api/v4/plugins/install_from_url?force=true&plugin_download_url="
                + URLEncoder.encode(repository.url("/slowplugin.tar.gz"), StandardCharsets.UTF_8);
        int threadsBefore = Thread.activeCount();
        ConcurrentLinkedQueue<Api.Response> answers = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(BURST);
        try {
            for (int i = 0; i < BURST; i++) {
                clients.submit(() -> answers.add(api.post(path, null, Api.bearer(admin))));
            }
            // Two downloads run and two wait; all the others are answered without waiting.
            await().atMost(Duration.ofSeconds(20)).until(() -> answers.size() >= BURST - 4);
            assertThat(answers).hasSize(BURST - 4);
            for (Api.Response refused : answers) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("30");
                assertThat(refused.json().get("id").asText()).isEqualTo("api.plugin.install.download_failed.app_error");
                assertThat(refused.json().get("message").asText()).startsWith("Too many downloads: 2 installs from "
                        + "URL are running and 2 more are waiting").contains("Try again in 30 seconds");
                assertThat(refused.json().get("status_code").asInt()).isEqualTo(503);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> repository.connections() == 2);

            // One small pool downloads; everything else that grew is the burst's own clients and the server
            // threads that answered them, a few per request at most.
            assertThat(downloadThreads()).isLessThanOrEqualTo(20);
            assertThat(Thread.activeCount() - threadsBefore).isLessThan(4 * BURST);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);
                assertThat(api.get("/login").status()).isEqualTo(200);
            }, "the server stopped answering while downloads were held");

            // The console says the same in its flash message.
            String[] browser = signIn(api);
            Api.Response form = api.send("POST", PAGE + "/install_from_url", formBody(Map.of("csrf", browser[1],
                            "url", repository.url("/slowplugin.tar.gz"))), "Content-Type",
                    "application/x-www-form-urlencoded", "Cookie", browser[0]);
            assertThat(form.status()).isEqualTo(303);
            assertThat(api.get(PAGE, "Cookie", browser[0]).body()).contains("Too many downloads");

            // Once the bundle is served, the held installs finish.
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == BURST);
            List<Integer> last = answers.stream().skip(BURST - 4).map(Api.Response::status).toList();
            assertThat(last).containsOnly(201);
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    private static long downloadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("url-download"))
                .count();
    }

    /** Signs in through the login form; returns the cookie header and the CSRF token. */
    private static String[] signIn(Api api) {
        Api.Response form = api.get("/login");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        Api.Response login = api.send("POST", "/login", formBody(Map.of("csrf", csrf.group(1), "login_id",
                        TestServer.ADMIN, "password", TestServer.PASSWORD, "next", "")),
                "Content-Type", "application/x-www-form-urlencoded",
                "Cookie", "MMLOGINCSRF=" + cookie(form, "MMLOGINCSRF"));
        assertThat(login.status()).isEqualTo(303);
        return new String[] {"MMAUTHTOKEN=" + cookie(login, "MMAUTHTOKEN"), cookie(login, "MMCSRF")};
    }

    private static String cookie(Api.Response r, String name) {
        return r.headers("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.split(";", 2)[0].substring(name.length() + 1)).orElseThrow();
    }

    private static HttpRequest.BodyPublisher formBody(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }
}
