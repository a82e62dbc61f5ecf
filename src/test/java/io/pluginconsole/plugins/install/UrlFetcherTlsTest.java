package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.LoopbackHttpServer.respond;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pluginconsole.net.AllowedInternalConnections;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.testing.LoopbackHttpServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestCertificates;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS downloads from a local server whose certificate comes from a private CA: refused with a
 * message naming host, subject, issuer and the setting until the CA is configured; host name
 * mismatches are refused even then.
 */
class UrlFetcherTlsTest {
    static final byte[] BUNDLE = TarBuilder.plugin("secure", manifest("secure", "1.0.0")).tarGz();
    static TestCertificates certificates;
    static LoopbackHttpServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        certificates = new TestCertificates();
        server = LoopbackHttpServer.start(certificates.serverContext("plugins.test", List.of("plugins.test"),
                List.of()), (request, out) -> respond(out, 200, BUNDLE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    UrlFetcher fetcher(Path caFile) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        FetchOptions options = FetchOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))
                .withTotalTimeout(Duration.ofSeconds(20)).withOwnAddresses(Set::of)
                .withResolver(host -> List.of(loopback));
        AtomicReference<DownloadPolicy> policy = new AtomicReference<>(new DownloadPolicy(false,
                AllowedInternalConnections.parse("plugins.test other.test"), caFile));
        UrlFetcher fetcher = new UrlFetcher(new BundleStager(tmp.resolve("staging")), options, policy::get);
        fetchers.add(fetcher);
        return fetcher;
    }

    final java.util.List<UrlFetcher> fetchers = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeFetchers() {
        fetchers.forEach(UrlFetcher::close);
    }

    String url(String host) {
        return "https://" + host + ":" + server.port() + "/secure.tar.gz";
    }

    @Test
    void unknownAuthorityIsExplainedWithHostSubjectIssuerAndSetting() throws Exception {
        PluginException e = catchThrowableOfType(PluginException.class,
                () -> fetcher(null).fetch(url("plugins.test"), 1_000_000).close());
        assertThat(e.id()).isEqualTo("api.plugin.install.download_failed.app_error");
        assertThat(e.kind()).isEqualTo(PluginException.Kind.BAD_INPUT);
        assertThat(e.getMessage()).startsWith("Certificate not trusted: plugins.test presented the certificate "
                        + "\"CN=plugins.test\" issued by \"" + TestCertificates.CA_NAME + "\"")
                .contains("PluginSettings.TrustedCACertificatesFile");
        assertThat(tmp.resolve("staging")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void theConfiguredCaIsTrusted() throws Exception {
        Path pem = certificates.writeCaPem(tmp.resolve("intranet-ca.pem"));
        try (StagedBundle staged = fetcher(pem).fetch(url("plugins.test"), 1_000_000)) {
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(BUNDLE);
        }
        assertThat(server.requests()).last().satisfies(r ->
                assertThat(r.headers()).containsEntry("host", "plugins.test:" + server.port()));
    }

    @Test
    void aCaFromAnotherBundleDoesNotHelp() throws Exception {
        Path other = new TestCertificates().writeCaPem(tmp.resolve("other-ca.pem"));
        PluginException e = catchThrowableOfType(PluginException.class,
                () -> fetcher(other).fetch(url("plugins.test"), 1_000_000).close());
        assertThat(e.getMessage()).startsWith("Certificate not trusted: ").contains(other.toString());
    }

    @Test
    void hostNameMismatchIsReported() throws Exception {
        Path pem = certificates.writeCaPem(tmp.resolve("intranet-ca.pem"));
        PluginException e = catchThrowableOfType(PluginException.class,
                () -> fetcher(pem).fetch(url("other.test"), 1_000_000).close());
        assertThat(e.getMessage()).isEqualTo("Certificate does not match the host: other.test presented a "
                + "certificate for plugins.test (subject \"CN=plugins.test\", issued by \"" + TestCertificates.CA_NAME
                + "\"). Use a URL with a host name the certificate covers, or have the certificate reissued for "
                + "other.test.");
    }

    @Test
    void anUnreadableCaFileIsNamed() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate");
        for (Path file : List.of(missing, garbage)) {
            PluginException e = catchThrowableOfType(PluginException.class,
                    () -> fetcher(file).fetch(url("plugins.test"), 1_000_000).close());
            assertThat(e.getMessage()).startsWith("Download failed: PluginSettings.TrustedCACertificatesFile names "
                    + file + ", which cannot be read as PEM certificates");
        }
    }
}
