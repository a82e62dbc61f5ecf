package io.pluginconsole.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.install.TrustedKey;
import io.pluginconsole.plugins.install.TrustedKeys;
import io.pluginconsole.testing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With Require Plugin Signature on: the page says why unsigned uploads are off, a bundle uploaded
 * with its .sig installs and shows its signer, and an upgrade signed by another key is flagged.
 */
class SignatureBrowserTest extends BrowserTest {
    static final SigningKey PUBLISHER = new SigningKey("Example Publisher <plugins@example.com>");
    static final SigningKey NEXT = new SigningKey("Next Publisher <next@example.com>");

    private Path signatureOf(Path bundle, SigningKey key) throws IOException {
        return Files.write(bundle.resolveSibling(bundle.getFileName() + ".sig"), key.sign(Files.readAllBytes(bundle)));
    }

    @ParameterizedTest(name = "script {0}")
    @ValueSource(booleans = {true, false})
    void signedUploadShowsItsSignerAndAnotherSignerOnUpgradeIsFlagged(boolean script) throws IOException {
        useScript(script);
        Path serverRoot = temp.resolve("server");
        Files.createDirectories(serverRoot.resolve("config"));
        TrustedKeys keys = TrustedKeys.of(new FileConfigStore(serverRoot.resolve("config/config.json"), EnvOverrides.none()));
        keys.add(PUBLISHER.writePublicKey(temp.resolve("publisher.asc")));
        keys.add(NEXT.writePublicKey(temp.resolve("next.asc")));
        startServer(Map.of("MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE", "true"), true);

        ConsolePage console = signIn();
        assertThat(console.uploadHelp()).containsText("Plugin uploads are off for unsigned bundles because Require "
                + "Plugin Signature is on: plugins must be signed. Upload the bundle together with its .sig file");
        assertThat(console.installButton()).isDisabled();
        assertThat(page.locator("#url-help")).containsText("Installing from a URL is off");

        Path v1 = bundle("demo", "1.0.0");
        if (script) {
            // The browser asks for the signature first; past that check, the server refuses too.
            page.evaluate("document.getElementById('signature-file').removeAttribute('required')");
            console.upload(v1);
            assertThat(console.flash()).hasText("Unable to upload demo-1.0.0.tar.gz: Require Plugin Signature is on, "
                    + "so choose the bundle's signature file (.sig) too.");
            assertThat(console.rows()).hasCount(0);
        }
        console.choose(v1);
        page.locator("#signature-file").setInputFiles(signatureOf(v1, PUBLISHER));
        console.uploadButton().click();

        assertThat(console.flash()).hasText("Successfully uploaded plugin from demo-1.0.0.tar.gz");
        String publisher = TrustedKey.shortOf(PUBLISHER.fingerprint());
        assertThat(console.row("demo").locator(".plugin-signature"))
                .hasText("Signed by " + publisher + " (Example Publisher <plugins@example.com>)");
        assertThat(console.row("demo").locator(".plugin-signature")).hasAttribute("data-fingerprint",
                PUBLISHER.fingerprint());
        assertThat(console.row("demo").locator(".signer-changed")).hasCount(0);

        Path v2 = bundle("demo", "2.0.0");
        console.choose(v2);
        page.locator("#signature-file").setInputFiles(signatureOf(v2, NEXT));
        console.uploadButton().click();
        assertThat(console.overwriteDialog()).isVisible();
        page.locator("#overwrite-confirm").click();

        assertThat(console.flash()).hasText("Successfully updated plugin from demo-2.0.0.tar.gz");
        String next = TrustedKey.shortOf(NEXT.fingerprint());
        assertThat(console.row("demo").locator(".plugin-signature"))
                .hasText("Signed by " + next + " (Next Publisher <next@example.com>)");
        assertThat(console.row("demo").locator(".signer-changed")).hasText("Signed by a different key than the "
                + "previous version: was " + publisher + " (Example Publisher <plugins@example.com>), now " + next
                + " (Next Publisher <next@example.com>).");
    }
}
