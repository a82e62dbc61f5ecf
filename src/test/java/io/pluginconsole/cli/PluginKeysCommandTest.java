package io.pluginconsole.cli;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallRecord;
import io.pluginconsole.plugins.install.TrustedKey;
import io.pluginconsole.testing.SigningKey;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plugin keys add|list|delete} and signed {@code plugin add}, local and remote. */
class PluginKeysCommandTest {
    static final SigningKey PUBLISHER = new SigningKey("Example Publisher <plugins@example.com>");
    static final SigningKey NEXT = new SigningKey("Next Publisher <next@example.com>");

    @TempDir
    Path wd;

    record Result(int exit, String out, String err) {
    }

    private Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result keys(String... args) {
        List<String> all = new ArrayList<>(List.of("plugin", "keys"));
        all.addAll(List.of(args));
        all.addAll(List.of("--config", wd.resolve("config/config.json").toString()));
        return cli(Map.of(), all.toArray(String[]::new));
    }

    private String config() throws IOException {
        return Files.readString(wd.resolve("config/config.json"));
    }

    /** The offline CLI as a real process in the server's working folder (plugins go to wd/plugins). */
    private Result process(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(wd.getParent(), "out", ".txt");
        Path err = Files.createTempFile(wd.getParent(), "err", ".txt");
        Process p = new ProcessBuilder(command).directory(wd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void addListDelete() throws IOException {
        Path armored = PUBLISHER.writePublicKey(wd.resolve("publisher.asc"));
        Path binary = NEXT.writeBinaryPublicKey(wd.resolve("next.gpg"));

        Result add = keys("add", armored.toString(), binary.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("Added public key: " + armored + " as publisher.asc ("
                + TrustedKey.spaced(PUBLISHER.fingerprint()) + ", Example Publisher <plugins@example.com>)");
        assertThat(add.out()).contains("Added public key: " + binary + " as next.gpg");
        assertThat(wd.resolve("config/publisher.asc")).exists();
        assertThat(config()).contains("\"SignaturePublicKeyFiles\" : [ \"publisher.asc\", \"next.gpg\" ]");

        Result list = keys("list");
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("FINGERPRINT").contains("CREATED").contains("UID");
        assertThat(lines.get(1)).contains("built-in").contains("C558 81B8 0F69 E863 B85A  D5D1 D1B5 4B47 A5CE FEC4")
                .contains("2019-11-22").contains("Mattermost, Inc. <support@mattermost.com>");
        assertThat(lines.get(2)).startsWith("publisher.asc").contains(TrustedKey.spaced(PUBLISHER.fingerprint()))
                .contains("Example Publisher <plugins@example.com>");
        assertThat(lines.get(3)).startsWith("next.gpg").contains("Next Publisher <next@example.com>");

        Result byName = keys("delete", "publisher.asc");
        assertThat(byName.exit()).as(byName.err()).isZero();
        assertThat(byName.out()).startsWith("Deleted public key: publisher.asc");
        Result byFingerprint = keys("delete", NEXT.fingerprint().substring(24));
        assertThat(byFingerprint.exit()).as(byFingerprint.err()).isZero();
        assertThat(wd.resolve("config/publisher.asc")).doesNotExist();
        assertThat(wd.resolve("config/next.gpg")).doesNotExist();
        assertThat(config()).contains("\"SignaturePublicKeyFiles\" : [ ]");
        assertThat(cli(Map.of(), "plugin", "key", "list", "--config", wd.resolve("config/config.json").toString())
                .out().lines().count()).isEqualTo(2);
    }

    @Test
    void keysChangedWhileTheServerRunsAreUsedAndNeverWrittenBack() throws IOException {
        Path armored = PUBLISHER.writePublicKey(wd.resolve("publisher.asc"));
        Path binary = NEXT.writeBinaryPublicKey(wd.resolve("next.gpg"));
        assertThat(keys("add", armored.toString()).exit()).isZero();
        try (TestServer server = TestServer.start(wd, Map.of(), true)) {
            var config = server.server().console().config();
            assertThat(config.current().pluginSettings().signaturePublicKeyFiles()).containsExactly("publisher.asc");

            assertThat(keys("add", binary.toString()).exit()).isZero();
            Result deleted = keys("delete", "publisher.asc");
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(config.current().pluginSettings().signaturePublicKeyFiles()).containsExactly("next.gpg"));

            // A save by the server (enabling a plugin through the API) keeps the command line's change.
            byte[] bundle = TarBuilder.plugin("com.example.keyed", manifest("com.example.keyed", "1.0.0"))
                    .file("com.example.keyed/main.js", "// webapp").tarGz();
            server.server().console().plugins().install(new java.io.ByteArrayInputStream(bundle),
                    io.pluginconsole.plugins.install.InstallMode.ALWAYS, InstallSource.UPLOAD);
            io.pluginconsole.testing.Api api = new io.pluginconsole.testing.Api(server.url());
            assertThat(api.post("/api/v4/plugins/com.example.keyed/enable", "",
                    io.pluginconsole.testing.Api.bearer(server.token(TestServer.ADMIN))).status()).isEqualTo(200);
        }
        assertThat(config()).contains("\"SignaturePublicKeyFiles\" : [ \"next.gpg\" ]")
                .contains("\"com.example.keyed\" : {");
    }

    @Test
    void invalidFilesAndUnknownKeysAreClearErrorsAndChangeNothing() throws IOException {
        keys("list");
        String before = config();
        Path junk = Files.writeString(wd.resolve("junk.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n");
        Result bad = keys("add", junk.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("Unable to add public key: " + junk + ". Error: not an OpenPGP public key")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(bad.out()).isEmpty();
        Result missing = keys("add", wd.resolve("missing.asc").toString());
        assertThat(missing.err()).contains("no such file");
        assertThat(config()).isEqualTo(before);
        assertThat(wd.resolve("config/junk.asc")).doesNotExist();

        Result unknown = keys("delete", "nobody.asc");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unable to delete public key: nobody.asc. Error: no trusted key");
        assertThat(config()).isEqualTo(before);
    }

    @Test
    void localAddSendsTheSignatureBesideTheBundleOrTheOneGiven() throws Exception {
        Files.createDirectories(wd.resolve("config"));
        keys("add", PUBLISHER.writePublicKey(wd.resolve("publisher.asc")).toString());
        byte[] bundle = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz();
        Path file = Files.write(wd.resolve("demo.tar.gz"), bundle);
        Path elsewhere = Files.write(wd.resolve("signature.bin"), PUBLISHER.sign(bundle));

        Result explicit = process("plugin", "add", "--local", "--signature", elsewhere.toString(), file.toString());
        assertThat(explicit.exit()).as(explicit.err()).isZero();
        assertThat(explicit.out()).isEqualTo("Added plugin: " + file + System.lineSeparator());
        InstallRecord record = InstallRecord.readFrom(wd.resolve("plugins/demo"));
        assertThat(record.signedBy().fingerprint()).isEqualTo(PUBLISHER.fingerprint());
        assertThat(wd.resolve("data/plugins/demo.tar.gz.sig")).hasBinaryContent(Files.readAllBytes(elsewhere));

        byte[] v2 = TarBuilder.plugin("demo", manifest("demo", "2.0.0")).tarGz();
        Path file2 = Files.write(wd.resolve("demo-2.tar.gz"), v2);
        Files.write(wd.resolve("demo-2.tar.gz.sig"), NEXT.sign(v2));
        Result untrusted = process("plugin", "add", "--local", "-f", file2.toString());
        assertThat(untrusted.exit()).isEqualTo(1);
        assertThat(untrusted.err()).contains("Unable to add plugin: " + file2 + ". Error: Unable to verify plugin "
                + "signature: the signature was made with a key that is not trusted here");
    }

    @Test
    void remoteAddUploadsTheSignature(@TempDir Path tmp) throws IOException {
        Path serverRoot = tmp.resolve("server");
        Files.createDirectories(serverRoot.resolve("config"));
        Result trust = cli(Map.of(), "plugin", "keys", "add", PUBLISHER.writePublicKey(tmp.resolve("publisher.asc"))
                .toString(), "--config", serverRoot.resolve("config/config.json").toString());
        assertThat(trust.exit()).as(trust.err()).isZero();
        try (TestServer server = TestServer.start(serverRoot, Map.of("MM_PLUGINSETTINGS_REQUIREPLUGINSIGNATURE", "true"),
                true)) {
            Path password = Files.writeString(tmp.resolve("pw.txt"), TestServer.PASSWORD + "\n");
            Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
            Result login = cli(env, "auth", "login", server.url(), "--name", "local", "--username", TestServer.ADMIN,
                    "--password-file", password.toString());
            assertThat(login.exit()).as(login.err()).isZero();

            byte[] bundle = TarBuilder.plugin("remote", manifest("remote", "1.0.0")).tarGz();
            Path file = Files.write(tmp.resolve("remote.tar.gz"), bundle);
            Result unsigned = cli(env, "plugin", "add", file.toString());
            assertThat(unsigned.err()).contains("Unable to add plugin: " + file).contains("RequirePluginSignature");

            Files.write(tmp.resolve("remote.tar.gz.sig"), PUBLISHER.signArmored(bundle));
            Result signed = cli(env, "plugin", "add", file.toString());
            assertThat(signed.exit()).as(signed.err()).isZero();
            assertThat(signed.out()).isEqualTo("Added plugin: " + file + System.lineSeparator());
            assertThat(server.server().console().plugins().find("remote").orElseThrow().plugin().record().signedBy()
                    .fingerprint()).isEqualTo(PUBLISHER.fingerprint());
        }
    }
}
