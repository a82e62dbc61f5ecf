package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Install from URL, against bundles this test serves itself on loopback over plain http. */
class InstallFromUrlBrowserTest extends BrowserTest {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private HttpServer bundles;

    @BeforeEach
    void serveBundles() throws IOException {
        bundles = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bundles.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        bundles.start();
        // Plain http is only accepted with AllowInsecureDownloadURL on.
        // The bundles are served from loopback, an internal address that must be allowed explicitly.
        startServer(Map.of("MM_PLUGINSETTINGS_ALLOWINSECUREDOWNLOADURL", "true",
                "MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS", "127.0.0.1"), true);
    }

    @AfterEach
    void stopServingBundles() {
        bundles.stop(0);
    }

    private String serve(Path bundle) throws IOException {
        String path = "/bundles/" + bundle.getFileName();
        files.put(path, Files.readAllBytes(bundle));
        return "http://127.0.0.1:" + bundles.getAddress().getPort() + path;
    }

    @Test
    void aBundleIsInstalledFromItsUrl() throws IOException {
        String url = serve(bundle("demo", "1.0.0"));
        ConsolePage console = signIn();

        console.installFromUrl(url);

        assertThat(console.flash()).hasText("Successfully installed plugin from " + url);
        assertThat(console.flash()).hasClass("alert alert-success");
        assertThat(console.row("demo")).hasAttribute("data-state", "0");
        assertThat(console.row("demo").locator(".state-label")).hasText("Not running");
    }

    @Test
    void aMissingBundleShowsTheError() {
        String url = "http://127.0.0.1:" + bundles.getAddress().getPort() + "/bundles/missing.tar.gz";
        ConsolePage console = signIn();

        console.installFromUrl(url);

        assertThat(console.flash()).hasClass("alert alert-danger");
        assertThat(console.flash()).containsText("Download failed: 127.0.0.1 answered HTTP 404.");
        assertThat(console.noPlugins()).hasText("No installed plugins.");
    }

    @Test
    void aNewerVersionFromAUrlIsReviewedAndTheReviewedBytesInstalled() throws IOException {
        String first = serve(bundle("demo", "1.0.0"));
        Path v2 = bundle("demo", "2.0.0");
        String second = serve(v2);
        ConsolePage console = signIn();
        console.installFromUrl(first);
        assertThat(console.flash()).hasText("Successfully installed plugin from " + first);

        console.installFromUrl(second);

        assertThat(console.overwriteDialog()).isVisible();
        assertThat(page.locator("#overwrite-installed")).hasText("1.0.0");
        assertThat(page.locator("#overwrite-uploaded")).hasText("2.0.0");
        assertThat(page.locator("#overwrite-uploaded-sha256")).isVisible();
        assertThat(page.locator("#overwrite-uploaded-sha256")).hasText(OverwriteDialogBrowserTest.sha256(v2));
        assertThat(page.locator("#overwrite-source")).hasText(second);
        // The address names the review only, never the URL or the versions.
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*\\?overwrite=[a-z0-9]+$"));
        // What the URL serves now no longer matters: the reviewed download is installed.
        files.put("/bundles/" + v2.getFileName(), Files.readAllBytes(bundle("demo", "9.9.9")));
        page.locator("#overwrite-confirm").click();

        assertThat(console.flash()).hasText("Successfully updated plugin from " + second);
        assertThat(console.row("demo").locator(".plugin-id")).hasText("(demo - 2.0.0)");
    }
}
