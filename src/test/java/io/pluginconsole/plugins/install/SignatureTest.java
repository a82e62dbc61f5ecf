package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.testing.SigningKey;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import io.pluginconsole.web.ErrorStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row A48 and Mattermost's sync facts 56: signatures are checked before anything is unpacked. */
class SignatureTest {
    static final SigningKey PUBLISHER = new SigningKey();
    static final SigningKey STRANGER = new SigningKey();

    @TempDir
    Path root;
    Workspace ws;
    byte[] bundle = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz();

    @BeforeEach
    void trustPublisher() {
        ws = new Workspace(root);
        PUBLISHER.writePublicKey(root.resolve("config/publisher.asc"));
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("RequirePluginSignature", true)
                .putArray("SignaturePublicKeyFiles").add("publisher.asc"));
    }

    private PluginException refused(byte[] signature) {
        try {
            ws.plugins().install(new ByteArrayInputStream(bundle), signature, InstallMode.ALWAYS, "test");
        } catch (PluginException e) {
            return e;
        }
        throw new AssertionError("installed");
    }

    @Test
    void a48_missingOrForgedSignaturesAreRefusedBeforeUnpacking() {
        for (byte[] signature : new byte[][] {null, STRANGER.sign(bundle), PUBLISHER.sign("other".getBytes()),
                "not a signature".getBytes()}) {
            PluginException e = refused(signature);
            assertThat(e.id()).isEqualTo(SignatureVerifier.VERIFY_ERROR);
            assertThat(ErrorStatus.of(e.kind())).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("Unable to verify plugin signature: ");
            assertThat(ws.pluginsDir().resolve("demo")).doesNotExist();
            assertThat(ws.debris()).isEmpty();
        }
        assertThat(ws.storedBundle("demo")).doesNotExist();
    }

    @Test
    void validSignatureInstallsAndIsStoredBesideTheBundle() throws IOException {
        byte[] signature = PUBLISHER.sign(bundle);
        ws.plugins().install(new ByteArrayInputStream(bundle), signature, InstallMode.IF_NEW, "test");
        assertThat(ws.pluginsDir().resolve("demo/plugin.json")).exists();
        assertThat(Files.readAllBytes(ws.dataDir().resolve("plugins/demo.tar.gz.sig"))).isEqualTo(signature);
    }

    @Test
    void syncInstallsOnlyBundlesWithAValidStoredSignature() throws IOException {
        Path plugins = Files.createDirectories(ws.dataDir().resolve("plugins"));
        Files.write(plugins.resolve("unsigned.tar.gz"), TarBuilder.plugin("unsigned", manifest("unsigned", "1.0.0")).tarGz());
        byte[] wrong = TarBuilder.plugin("wrong", manifest("wrong", "1.0.0")).tarGz();
        Files.write(plugins.resolve("wrong.tar.gz"), wrong);
        Files.write(plugins.resolve("wrong.tar.gz.sig"), PUBLISHER.sign(bundle));
        Files.write(plugins.resolve("demo.tar.gz"), bundle);
        Files.write(plugins.resolve("demo.tar.gz.sig"), PUBLISHER.sign(bundle));

        var report = ws.plugins().syncFromFileStore();

        assertThat(report.installed()).containsExactly("demo");
        assertThat(report.problems()).hasSize(2).allMatch(p -> p.contains("Unable to verify plugin signature"));
        assertThat(ws.pluginsDir().resolve("unsigned")).doesNotExist();
        assertThat(ws.pluginsDir().resolve("wrong")).doesNotExist();
    }

    @Test
    void unreadableKeyFileIsAClearError() {
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .putArray("SignaturePublicKeyFiles").add("missing.asc"));
        assertThatThrownBy(() -> ws.plugins().install(new ByteArrayInputStream(bundle), PUBLISHER.sign(bundle),
                InstallMode.ALWAYS, "test")).hasMessageContaining("missing.asc")
                .hasMessageContaining("PluginSettings.SignaturePublicKeyFiles");
    }
}
