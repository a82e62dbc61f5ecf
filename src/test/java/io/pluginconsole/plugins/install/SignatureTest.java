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
            ws.plugins().install(new ByteArrayInputStream(bundle), signature, InstallMode.ALWAYS, InstallSource.UPLOAD);
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
        ws.plugins().install(new ByteArrayInputStream(bundle), signature, InstallMode.IF_NEW, InstallSource.UPLOAD);
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
                InstallMode.ALWAYS, InstallSource.UPLOAD)).hasMessageContaining("missing.asc")
                .hasMessageContaining("PluginSettings.SignaturePublicKeyFiles");
    }

    @Test
    void mattermostProductionKeyIsBuiltInWithItsPublishedFingerprint() {
        TrustedKey key = MattermostKey.describe();
        assertThat(key).isNotNull();
        assertThat(key.fingerprint()).isEqualTo("C55881B80F69E863B85AD5D1D1B54B47A5CEFEC4");
        assertThat(key.spacedFingerprint()).isEqualTo("C558 81B8 0F69 E863 B85A  D5D1 D1B5 4B47 A5CE FEC4");
        assertThat(key.uid()).isEqualTo("Mattermost, Inc. <support@mattermost.com>");
        assertThat(key.created().toString()).startsWith("2019-11-22");
        assertThat(key.builtIn()).isTrue();
    }

    @Test
    void anEmbeddedKeyWithAnotherFingerprintIsRefused() throws IOException {
        Path other = STRANGER.writePublicKey(root.resolve("other.asc"));
        assertThatThrownBy(() -> MattermostKey.check(Files.readAllBytes(other)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("C558 81B8 0F69 E863 B85A  D5D1 D1B5 4B47 A5CE FEC4")
                .hasMessageContaining("refusing");
    }

    @Test
    void armoredSignaturesAndBinaryKeysVerifyAndTheSignerIsRecorded() throws IOException {
        SigningKey named = new SigningKey("Example Publisher <plugins@example.com>");
        named.writeBinaryPublicKey(root.resolve("config/named.gpg"));
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .putArray("SignaturePublicKeyFiles").add("publisher.asc").add("named.gpg"));

        var result = ws.plugins().install(new ByteArrayInputStream(bundle), named.signArmored(bundle),
                InstallMode.IF_NEW, InstallSource.UPLOAD);

        InstallRecord record = result.plugin().record();
        assertThat(record.signedBy().fingerprint()).isEqualTo(named.fingerprint());
        assertThat(record.signedBy().uid()).isEqualTo("Example Publisher <plugins@example.com>");
        assertThat(record.signedBy().key()).isEqualTo("named.gpg");
        assertThat(Files.readString(ws.pluginsDir().resolve("demo/.plugin-console.json")))
                .contains("\"signed_by\"").contains(named.fingerprint());
    }

    @Test
    void aTamperedBundleIsRefused() {
        byte[] signature = PUBLISHER.sign(bundle);
        bundle = bundle.clone();
        bundle[bundle.length / 2] ^= 1;
        PluginException e = refused(signature);
        assertThat(e.getMessage()).contains("does not match the bundle");
        assertThat(ws.pluginsDir().resolve("demo")).doesNotExist();
    }

    @Test
    void withSignaturesOptionalUnsignedBundlesInstallButAGivenSignatureMustVerify() {
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("RequirePluginSignature", false));
        var unsigned = ws.plugins().install(new ByteArrayInputStream(bundle), null, InstallMode.IF_NEW, InstallSource.UPLOAD);
        assertThat(unsigned.plugin().record().signedBy()).isNull();
        assertThat(unsigned.plugin().record().signed()).isFalse();

        assertThat(refused(STRANGER.sign(bundle)).getMessage()).contains("not trusted here");

        var signed = ws.plugins().install(new ByteArrayInputStream(bundle), PUBLISHER.sign(bundle),
                InstallMode.ALWAYS, InstallSource.UPLOAD);
        assertThat(signed.plugin().record().signedBy().fingerprint()).isEqualTo(PUBLISHER.fingerprint());
        assertThat(signed.plugin().record().signerChanged()).isFalse();
    }

    @Test
    void keyRotationRefusesTheOldKeyAndFlagsTheNewSignerOnUpgrade() throws IOException {
        byte[] v1 = bundle;
        ws.plugins().install(new ByteArrayInputStream(v1), PUBLISHER.sign(v1), InstallMode.IF_NEW, InstallSource.UPLOAD);

        SigningKey next = new SigningKey("Next Publisher <next@example.com>");
        TrustedKeys keys = TrustedKeys.of(ws.console().config());
        keys.add(next.writePublicKey(root.resolve("next.asc")));
        keys.delete("publisher.asc");
        assertThat(root.resolve("config/publisher.asc")).doesNotExist();
        assertThat(ws.console().config().current().pluginSettings().signaturePublicKeyFiles()).containsExactly("next.asc");

        byte[] v2 = TarBuilder.plugin("demo", manifest("demo", "2.0.0")).tarGz();
        bundle = v2;
        assertThat(refused(PUBLISHER.sign(v2)).getMessage()).contains("not trusted here");
        assertThat(ws.plugins().find("demo").orElseThrow().plugin().manifest().version()).isEqualTo("1.0.0");

        var upgraded = ws.plugins().install(new ByteArrayInputStream(v2), next.sign(v2), InstallMode.ALWAYS, InstallSource.UPLOAD);
        InstallRecord record = upgraded.plugin().record();
        assertThat(record.signedBy().fingerprint()).isEqualTo(next.fingerprint());
        assertThat(record.previous().version()).isEqualTo("1.0.0");
        assertThat(record.previous().signedBy().fingerprint()).isEqualTo(PUBLISHER.fingerprint());
        assertThat(record.signerChanged()).isTrue();

        // The same key again is no change.
        var again = ws.plugins().install(new ByteArrayInputStream(v2), next.sign(v2), InstallMode.ALWAYS, InstallSource.UPLOAD);
        assertThat(again.plugin().record().signerChanged()).isFalse();
    }

    @Test
    void syncRefusesAStoredBundleWhoseSignatureNoLongerVerifies() throws IOException {
        ws.plugins().install(new ByteArrayInputStream(bundle), PUBLISHER.sign(bundle), InstallMode.IF_NEW, InstallSource.UPLOAD);
        // A new node (or a wiped plugins folder) re-installs from the file store after the key was dropped.
        TrustedKeys.of(ws.console().config()).delete(PUBLISHER.fingerprint());
        PluginFolders.deleteTree(ws.pluginsDir().resolve("demo"));
        ws.open(new io.pluginconsole.plugins.runtime.OfflineRuntime(), io.pluginconsole.plugins.bundle.BundleLimits.defaults(),
                InstallSteps.NONE);

        var report = ws.plugins().syncFromFileStore();

        assertThat(report.installed()).isEmpty();
        assertThat(report.problems()).singleElement().asString().contains("Unable to verify plugin signature");
        assertThat(ws.pluginsDir().resolve("demo")).doesNotExist();
    }

    @Test
    void turningTheRequirementOnKeepsOnlyPluginsWhoseStoredSignatureVerifies() throws IOException {
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("RequirePluginSignature", false));
        ws.plugins().install(new ByteArrayInputStream(bundle), PUBLISHER.sign(bundle), InstallMode.IF_NEW, InstallSource.UPLOAD);
        byte[] other = TarBuilder.plugin("other", manifest("other", "1.0.0")).tarGz();
        ws.plugins().install(new ByteArrayInputStream(other), null, InstallMode.IF_NEW, InstallSource.UPLOAD);
        ws.console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                .put("RequirePluginSignature", true));
        ws.open(new io.pluginconsole.plugins.runtime.OfflineRuntime(), io.pluginconsole.plugins.bundle.BundleLimits.defaults(),
                InstallSteps.NONE);

        var report = ws.plugins().syncFromFileStore();

        assertThat(report.kept()).containsExactly("demo");
        assertThat(ws.pluginsDir().resolve("other")).doesNotExist();
        assertThat(ws.storedBundle("other")).exists();
        assertThat(ws.plugins().alerts()).singleElement().asString().contains("Plugin other was removed")
                .contains("Require Plugin Signature");
    }

    /** Every path that unpacks a bundle goes through the Installer, after the signature check. */
    @Test
    void onlyTheInstallerUnpacksBundles() throws IOException {
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (text.contains(".unpack(") && !file.endsWith("Installer.java")) {
                    throw new AssertionError(file + " unpacks a bundle outside the Installer");
                }
            }
        }
        String installer = Files.readString(Path.of("src/main/java/io/pluginconsole/plugins/install/Installer.java"));
        assertThat(installer.indexOf("checkSignature(staged, signature);"))
                .isPositive().isLessThan(installer.indexOf("reader.unpack("));
    }
}
