package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.testing.SigningKey;
import io.pluginconsole.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding, listing and deleting trusted keys: copied into the config folder and named in the config. */
class TrustedKeysTest {
    static final SigningKey KEY = new SigningKey("Example Publisher <plugins@example.com>");

    @TempDir
    Path root;
    Workspace ws;
    TrustedKeys keys;

    @BeforeEach
    void open() {
        ws = new Workspace(root);
        keys = TrustedKeys.of(ws.console().config());
    }

    private String configText() throws IOException {
        return Files.readString(root.resolve("config/config.json"));
    }

    @Test
    void addCopiesTheKeyAndNamesItListShowsItDeleteRemovesBoth() throws IOException {
        Path file = KEY.writeBinaryPublicKey(root.resolve("publisher.gpg"));
        TrustedKey added = keys.add(file);
        assertThat(added.fingerprint()).isEqualTo(KEY.fingerprint());
        assertThat(added.uid()).isEqualTo("Example Publisher <plugins@example.com>");
        assertThat(root.resolve("config/publisher.gpg")).hasSameBinaryContentAs(file);
        assertThat(ws.console().config().current().pluginSettings().signaturePublicKeyFiles())
                .containsExactly("publisher.gpg");

        assertThat(keys.list()).extracting(TrustedKey::name)
                .containsExactly(MattermostKey.NAME, "publisher.gpg");
        assertThat(keys.list().get(1).created()).isNotNull();

        assertThatThrownBy(() -> keys.add(file)).hasMessageContaining("already trusted as publisher.gpg");

        TrustedKey deleted = keys.delete(TrustedKey.spaced(KEY.fingerprint()).toLowerCase());
        assertThat(deleted.name()).isEqualTo("publisher.gpg");
        assertThat(root.resolve("config/publisher.gpg")).doesNotExist();
        assertThat(ws.console().config().current().pluginSettings().signaturePublicKeyFiles()).isEmpty();
    }

    @Test
    void invalidFilesChangeNothing() throws IOException {
        String before = configText();
        Path text = Files.writeString(root.resolve("notes.asc"), "hello");
        assertThatThrownBy(() -> keys.add(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an OpenPGP public key");
        Path secret = Files.writeString(root.resolve("secret.asc"),
                "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxyz\n-----END PGP PRIVATE KEY BLOCK-----\n");
        assertThatThrownBy(() -> keys.add(secret)).hasMessageContaining("private key");
        assertThatThrownBy(() -> keys.add(root.resolve("missing.asc"))).hasMessageContaining("no such file");
        Path badName = KEY.writePublicKey(root.resolve("bad name.asc"));
        assertThatThrownBy(() -> keys.add(badName)).hasMessageContaining("cannot be used");
        assertThat(configText()).isEqualTo(before);
        assertThat(root.resolve("config/notes.asc")).doesNotExist();
        assertThat(root.resolve("config/secret.asc")).doesNotExist();
    }

    @Test
    void aFileInTheWayIsNotOverwritten() throws IOException {
        Files.writeString(root.resolve("config/publisher.asc"), "something else");
        Path file = KEY.writePublicKey(root.resolve("publisher.asc"));
        assertThatThrownBy(() -> keys.add(file)).hasMessageContaining("already in");
        assertThat(Files.readString(root.resolve("config/publisher.asc"))).isEqualTo("something else");
        assertThat(ws.console().config().current().pluginSettings().signaturePublicKeyFiles()).isEmpty();
    }

    @Test
    void deletingUnknownOrBuiltInKeysIsAClearError() {
        assertThatThrownBy(() -> keys.delete("nope.asc")).hasMessageContaining("no trusted key")
                .hasMessageContaining("plugin keys list");
        assertThatThrownBy(() -> keys.delete(MattermostKey.FINGERPRINT)).hasMessageContaining("built in");
    }
}
