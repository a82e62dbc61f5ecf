package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.LoopbackHttpServer.head;
import static io.pluginconsole.testing.LoopbackHttpServer.redirect;
import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pluginconsole.net.AllowedInternalConnections;
import io.pluginconsole.net.HostResolver;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Install-from-URL downloads against real servers on loopback addresses (rows W06-W16 of the
 * hostile-input matrix). Refused targets are servers too, and their connection counters prove that
 * nothing reached them.
 */
class UrlFetcherTest {
    static final long MAX = 200_000;
    static final byte[] BUNDLE = TarBuilder.plugin("fetched", manifest("fetched", "1.0.0")).tarGz();

    @TempDir
    Path tmp;
    BundleStager stager;
    final AtomicReference<DownloadPolicy> policy = new AtomicReference<>(policy(true, ""));
    final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    final List<LoopbackHttpServer> servers = new ArrayList<>();
    FetchOptions options;
    LoopbackHttpServer internal;

    @BeforeEach
    void setUp() {
        stager = new BundleStager(tmp.resolve("staging"));
        HostResolver resolver = host -> {
            lookups.incrementAndGet();
            List<InetAddress> answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        };
        options = FetchOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))
                .withTotalTimeout(Duration.ofSeconds(20)).withResolver(resolver).withOwnAddresses(Set::of);
        // An internal service on loopback that no refused download may ever reach.
        internal = serve(LoopbackHttpServer.start((request, out) -> respond(out, 200, BUNDLE)));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(LoopbackHttpServer::close);
        if (fetcher != null) {
            fetcher.close();
        }
    }

    static DownloadPolicy policy(boolean insecure, String allowed) {
        return new DownloadPolicy(insecure, AllowedInternalConnections.parse(allowed), null);
    }

    LoopbackHttpServer serve(LoopbackHttpServer server) {
        servers.add(server);
        return server;
    }

    private UrlFetcher fetcher;

    /** The test's one fetcher (its shared client is stopped after the test). */
    UrlFetcher fetcher() {
        if (fetcher == null) {
            fetcher = new UrlFetcher(stager, options, policy::get);
        }
        return fetcher;
    }

    PluginException refused(String url) {
        return catchThrowableOfType(PluginException.class, () -> fetcher().fetch(url, MAX).close());
    }

    void assertRefused(String url, String headline) {
        PluginException e = refused(url);
        assertThat(e).as(url).isNotNull();
        assertThat(e.id()).isEqualTo("api.plugin.install.download_failed.app_error");
        assertThat(e.kind()).isEqualTo(PluginException.Kind.BAD_INPUT);
        assertThat(e.getMessage()).as(url).startsWith(headline + ": ");
        assertThat(internal.connections()).as("connections to the internal server after " + url).isZero();
        assertNoStagedFiles();
    }

    void assertNoStagedFiles() {
        if (Files.isDirectory(stager.folder())) {
            try (Stream<Path> files = Files.list(stager.folder())) {
                assertThat(files).as("staged files").isEmpty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    int port() {
        return internal.port();
    }

    // W06

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "jar:file:/tmp/x.jar!/", "ftp://example.com/x.tar.gz",
            "gopher://example.com/", "jrt:/java.base", "mailto:admin@example.com", "netdoc:/etc/passwd",
            "//example.com/x.tar.gz"})
    void onlyHttpUrls(String url) {
        assertRefused(url, "Only https URLs are allowed");
    }

    @Test
    void plainHttpNeedsAllowInsecureDownloadURL() {
        policy.set(policy(false, "127.0.0.1"));
        PluginException e = refused("http://127.0.0.1:" + port() + "/b.tar.gz");
        assertThat(e.getMessage()).startsWith("Only https URLs are allowed: ")
                .contains("PluginSettings.AllowInsecureDownloadURL");
        assertThat(internal.connections()).isZero();
    }

    // W07

    @Test
    void userInfoBackslashAndFragmentTricks() {
        policy.set(policy(true, "127.0.0.1"));
        for (String url : List.of("http://user@evil@127.0.0.1:" + port() + "/",
                "http://127.0.0.1:" + port() + "\\@evil.example/",
                "http://evil.example#@127.0.0.1:" + port() + "/",
                "http://admin:secret@127.0.0.1:" + port() + "/b.tar.gz",
                "http://127.0.0.1:" + port() + "/b.tar.gz#x",
                "http://127.0.0.1:" + port() + "/b.tar.gz\r\nX-Injected: 1",
                "http://exa mple.com/")) {
            assertRefused(url, "URL not allowed");
        }
    }

    // W08, W10, W11

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1", "2130706433", "0", "0.0.0.0", "[::1]", "localhost", "LOCALHOST.",
            "[::ffff:127.0.0.1]", "[::]", "127.0.0.1.",
            "169.254.169.254", "[::ffff:169.254.169.254]", "[fe80::1]", "metadata.google.internal",
            "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "198.18.0.1", "[fd00::1]",
            "[fc00::1]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[2002:7f00:1::]", "[2002:a00:1::]",
            "[::127.0.0.1]", "[::ffff:10.0.0.1]", "224.0.0.1", "[ff02::1]", "240.0.0.1", "255.255.255.255",
            "192.0.2.1", "198.51.100.7", "203.0.113.9", "[2001:db8::1]"})
    void internalDestinationsAreRefusedBeforeAnyConnection(String host) {
        assertRefused("http://" + host + ":" + port() + "/b.tar.gz", "Destination not allowed");
        assertThat(lookups).hasValue(0);
    }

    // W09

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "017700000001", "0x7f000001", "127.0.0.01", "1.2.3.4.5"})
    void octalAndHexHostsAreRefused(String host) {
        assertRefused("http://" + host + ":" + port() + "/b.tar.gz", "URL not allowed");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void namesThatResolveToInternalAddressesAreRefusedWithTheFix() throws Exception {
        dns.put("plugins.intranet", List.of(InetAddress.getByName("10.1.2.3")));
        PluginException e = refused("https://plugins.intranet/demo.tar.gz");
        assertThat(e.getMessage()).isEqualTo("Destination not allowed: plugins.intranet resolves to 10.1.2.3, a "
                + "private address. To allow it, add plugins.intranet (or 10.1.2.0/24) to "
                + "ServiceSettings.AllowedUntrustedInternalConnections.");
        // One public and one internal answer: refused as a whole.
        dns.put("mixed.example", List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")));
        assertRefused("http://mixed.example:" + port() + "/b.tar.gz", "Destination not allowed");
        dns.put("meta.example", List.of(InetAddress.getByName("169.254.169.254")));
        assertThat(refused("http://meta.example/").getMessage()).contains("link-local");
    }

    @Test
    void thisServersOwnAddressesAreRefused() throws Exception {
        InetAddress own = InetAddress.getByName("8.8.4.4");
        options = options.withOwnAddresses(() -> Set.of(own));
        dns.put("self.example", List.of(own));
        PluginException e = refused("https://self.example/b.tar.gz");
        assertThat(e.getMessage()).startsWith("Destination not allowed: self.example resolves to 8.8.4.4, an address "
                + "of this server.");
    }

    @Test
    void unknownHostIsADownloadFailure() {
        PluginException e = refused("https://nothing.invalid/b.tar.gz");
        assertThat(e.getMessage()).startsWith("Download failed: the host name nothing.invalid cannot be resolved");
    }

    // W12

    @Test
    void allowListedLoopbackDownloads() throws Exception {
        for (String allowed : List.of("127.0.0.1", "127.0.0.0/8", " 10.0.0.0/8,127.0.0.1/32 ")) {
            policy.set(policy(true, allowed));
            try (StagedBundle staged = fetcher().fetch("http://127.0.0.1:" + port() + "/b.tar.gz", MAX)) {
                assertThat(Files.readAllBytes(staged.file())).isEqualTo(BUNDLE);
            }
        }
        assertThat(internal.connections()).isEqualTo(3);
        // All downloads shared one client, whose threads are gone once the fetcher is closed.
        fetcher().close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("url-download")));
    }

    @Test
    void allowListedHostNameKeepsItsHostHeader() throws Exception {
        dns.put("repo.intranet", List.of(InetAddress.getByName("127.0.0.1")));
        policy.set(policy(true, "repo.intranet"));
        UrlFetcher fetcher = fetcher();
        try (StagedBundle staged = fetcher.fetch("http://repo.intranet:" + port() + "/b.tar.gz?v=1", MAX)) {
            assertThat(staged.size()).isEqualTo(BUNDLE.length);
        }
        assertThat(internal.requests()).singleElement().satisfies(r -> {
            assertThat(r.headers()).containsEntry("host", "repo.intranet:" + port());
            assertThat(r.target()).isEqualTo("/b.tar.gz?v=1");
            assertThat(r.headers()).doesNotContainKey("accept-encoding").doesNotContainKey("cookie");
        });
        assertThat(fetcher.dialled()).containsExactly(new InetSocketAddress("127.0.0.1", port()));
        // The same address under another name is still refused.
        dns.put("other.intranet", List.of(InetAddress.getByName("127.0.0.1")));
        assertThat(refused("http://other.intranet:" + port() + "/b.tar.gz").getMessage())
                .startsWith("Destination not allowed: other.intranet resolves to 127.0.0.1, a loopback address.");
    }

    @Test
    void proxySettingsOfTheJvmAreNotUsed() throws Exception {
        LoopbackHttpServer proxy = serve(LoopbackHttpServer.start((request, out) -> respond(out, 200, BUNDLE)));
        Map<String, String> saved = new java.util.HashMap<>();
        for (String key : List.of("http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort")) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", String.valueOf(proxy.port()));
        try {
            policy.set(policy(true, "127.0.0.1"));
            fetcher().fetch("http://127.0.0.1:" + port() + "/b.tar.gz", MAX).close();
            assertThat(proxy.connections()).isZero();
            assertThat(internal.connections()).isEqualTo(1);
            // And a refused destination is not sent to the proxy either.
            policy.set(policy(true, ""));
            assertThat(refused("http://127.0.0.1:" + port() + "/b.tar.gz").getMessage())
                    .startsWith("Destination not allowed");
            assertThat(proxy.connections()).isZero();
            assertThat(internal.connections()).isEqualTo(1);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    // W13: DNS rebinding. The "public" side is a second loopback address made allowed by the allow
    // list (127.0.0.2); the internal side is 127.0.0.1 on the same port.

    @Test
    void rebindingNameOnlyEverReachesTheAddressThatWasChecked() throws Exception {
        LoopbackHttpServer publicSide = serveOnSecondLoopback((request, out) -> {
            if (request.target().equals("/again")) {
                respond(out, 200, BUNDLE);
            } else {
                redirect(out, "/again"); // same host: a new connection, so a new lookup
            }
        });
        AtomicInteger answers = new AtomicInteger();
        InetAddress first = InetAddress.getByName("127.0.0.2");
        InetAddress then = InetAddress.getByName("127.0.0.1");
        options = options.withResolver(host -> {
            lookups.incrementAndGet();
            return List.of(answers.getAndIncrement() == 0 ? first : then);
        });
        policy.set(policy(true, "127.0.0.2"));
        UrlFetcher fetcher = fetcher();
        PluginException e = catchThrowableOfType(PluginException.class,
                () -> fetcher.fetch("http://rebind.example:" + publicSide.port() + "/start", MAX).close());
        assertThat(e.getMessage()).startsWith("Redirect not allowed: the server redirected to http://rebind.example:"
                + publicSide.port() + "/again, and rebind.example resolves to 127.0.0.1, a loopback address.");
        assertThat(publicSide.connections()).isEqualTo(1);
        assertThat(internal.connections()).isZero();
        assertThat(lookups.get()).as("the redirect is looked up again, not trusted from the first answer").isGreaterThanOrEqualTo(2);
        assertThat(fetcher.dialled()).containsExactly(new InetSocketAddress(first, publicSide.port()));
        assertNoStagedFiles();

        // Answering the internal address first is refused on the first connection.
        answers.set(1);
        PluginException direct = catchThrowableOfType(PluginException.class,
                () -> fetcher().fetch("http://rebind.example:" + publicSide.port() + "/again", MAX).close());
        assertThat(direct.getMessage()).startsWith("Destination not allowed: rebind.example resolves to 127.0.0.1");
        assertThat(internal.connections()).isZero();
    }

    LoopbackHttpServer serveOnSecondLoopback(LoopbackHttpServer.Handler handler) {
        // Same port as the internal server, so a rebinding to 127.0.0.1 would land there.
        return serve(LoopbackHttpServer.start("127.0.0.2", port(), null, handler));
    }

    // W14

    @Test
    void redirectsToInternalTargetsAndOtherSchemesAreRefused() {
        LoopbackHttpServer publicSide = serveOnSecondLoopback((request, out) -> {
            switch (request.target()) {
                case "/to-loopback" -> redirect(out, "http://127.0.0.1:" + port() + "/b.tar.gz");
                case "/to-metadata" -> redirect(out, "http://169.254.169.254/latest/meta-data/");
                case "/to-file" -> redirect(out, "file:///etc/passwd");
                case "/to-localhost" -> redirect(out, "http://localhost:" + port() + "/b.tar.gz");
                case "/to-octal" -> redirect(out, "http://0177.0.0.1:" + port() + "/b.tar.gz");
                case "/to-userinfo" -> redirect(out, "http://x@127.0.0.1:" + port() + "/b.tar.gz");
                default -> respond(out, 404, new byte[0]);
            }
        });
        policy.set(policy(true, "127.0.0.2"));
        String base = "http://127.0.0.2:" + publicSide.port();
        for (String path : List.of("/to-loopback", "/to-metadata", "/to-file", "/to-localhost", "/to-octal",
                "/to-userinfo")) {
            assertRefused(base + path, "Redirect not allowed");
        }
        assertThat(refused(base + "/to-loopback").getMessage()).isEqualTo("Redirect not allowed: the server "
                + "redirected to http://127.0.0.1:" + port() + "/b.tar.gz, and 127.0.0.1 is a loopback address. "
                + "To allow it, add 127.0.0.1 to ServiceSettings.AllowedUntrustedInternalConnections.");
        assertThat(refused(base + "/to-file").getMessage()).contains("file:///etc/passwd").contains("file: URLs");
    }

    @Test
    void atMostThreeRedirectsAreFollowed() throws Exception {
        LoopbackHttpServer chain = serve(LoopbackHttpServer.start((request, out) -> {
            String target = request.target();
            if (target.startsWith("/hop")) {
                int n = Integer.parseInt(target.substring(4));
                redirect(out, n > 1 ? "/hop" + (n - 1) : "http://127.0.0.1:" + request.headers().get("host")
                        .split(":")[1] + "/bundle.tar.gz");
            } else {
                respond(out, 200, BUNDLE);
            }
        }));
        policy.set(policy(true, "127.0.0.1"));
        try (StagedBundle staged = fetcher().fetch(chain.url("/hop3"), MAX)) {
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(BUNDLE);
        }
        int before = chain.requests().size();
        PluginException e = refused(chain.url("/hop4"));
        assertThat(e.getMessage()).startsWith("Redirect not allowed: more than 3 redirects");
        assertThat(chain.requests().subList(before, chain.requests().size()))
                .extracting(LoopbackHttpServer.Request::target).containsExactly("/hop4", "/hop3", "/hop2", "/hop1");
        assertNoStagedFiles();
    }

    // W15

    @Test
    void announcedLengthOverTheLimitIsRefusedBeforeReading() {
        AtomicInteger written = new AtomicInteger();
        LoopbackHttpServer big = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: " + (MAX * 1000));
            byte[] chunk = new byte[8192];
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        }));
        policy.set(policy(true, "127.0.0.1"));
        PluginException e = refused(big.url("/big.tar.gz"));
        assertThat(e.kind()).isEqualTo(PluginException.Kind.TOO_LARGE);
        assertThat(e.getMessage()).startsWith("Download too large: the server announced").contains("FileSettings.MaxFileSize");
        assertNoStagedFiles();
    }

    @Test
    void endlessBodiesStopAtTheLimit() {
        policy.set(policy(true, "127.0.0.1"));
        AtomicInteger written = new AtomicInteger();
        LoopbackHttpServer chunked = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.1 200 OK", "Transfer-Encoding: chunked");
            byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (written.addAndGet(0x2000) < 1_000_000_000) {
                out.write(chunk);
            }
        }));
        LoopbackHttpServer untilClose = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.0 200 OK"); // no length: the body lasts until the connection closes
            byte[] chunk = new byte[8192];
            for (long total = 0; total < 1_000_000_000; total += chunk.length) {
                out.write(chunk);
            }
        }));
        for (LoopbackHttpServer server : List.of(chunked, untilClose)) {
            PluginException e = refused(server.url("/endless.tar.gz"));
            assertThat(e.kind()).isEqualTo(PluginException.Kind.TOO_LARGE);
            assertThat(e.getMessage()).startsWith("Download too large: ");
            assertNoStagedFiles();
        }
        assertThat(written.get()).isLessThan(100_000_000);
    }

    @Test
    void aLyingContentLengthIsNotBelieved() throws Exception {
        policy.set(policy(true, "127.0.0.1"));
        LoopbackHttpServer liar = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: 1000", "Connection: close");
            out.write(new byte[(int) MAX * 5]); // five times the limit behind a small announced length
        }));
        try (StagedBundle staged = fetcher().fetch(liar.url("/liar.tar.gz"), MAX)) {
            assertThat(staged.size()).isEqualTo(1000); // only the announced bytes are read, never more
        }
        LoopbackHttpServer shortBody = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: 100000", "Connection: close");
            out.write(new byte[10]);
        }));
        PluginException e = refused(shortBody.url("/short.tar.gz"));
        assertThat(e.getMessage()).startsWith("Download failed: the connection to 127.0.0.1:" + shortBody.port()
                + " broke off");
        assertNoStagedFiles();
    }

    // W16

    @Test
    void slowDownloadsTimeOut() {
        options = options.withTotalTimeout(Duration.ofMillis(1500));
        policy.set(policy(true, "127.0.0.1"));
        LoopbackHttpServer drip = serve(LoopbackHttpServer.start((request, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: 100000");
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        }));
        LoopbackHttpServer silent = serve(LoopbackHttpServer.start((request, out) -> Thread.sleep(60_000)));
        for (LoopbackHttpServer server : List.of(drip, silent)) {
            long start = System.nanoTime();
            PluginException e = refused(server.url("/slow.tar.gz"));
            assertThat(e.kind()).isEqualTo(PluginException.Kind.TIMEOUT);
            assertThat(e.getMessage()).startsWith("Download timed out: the download did not finish within 1500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertNoStagedFiles();
        }
    }

    // W17

    @Test
    void upstreamErrorsAreReportedWithoutTheirBody() {
        policy.set(policy(true, "127.0.0.1"));
        LoopbackHttpServer failing = serve(LoopbackHttpServer.start((request, out) ->
                respond(out, request.target().contains("404") ? 404 : 500,
                        "<html>SECRET internal page</html>".getBytes(StandardCharsets.UTF_8))));
        PluginException missing = refused(failing.url("/404.tar.gz"));
        assertThat(missing.getMessage()).isEqualTo("Download failed: 127.0.0.1 answered HTTP 404. Check that the URL "
                + "points to a plugin bundle (.tar.gz).");
        assertThat(refused(failing.url("/500.tar.gz")).getMessage()).startsWith("Download failed: 127.0.0.1 answered "
                + "HTTP 500.").doesNotContain("SECRET");
    }
}
