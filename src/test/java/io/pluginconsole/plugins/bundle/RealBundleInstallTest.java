package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A bundle built around each real manifest (with the files it names) installs. */
class RealBundleInstallTest {
    @TempDir
    Path root;

    static java.util.stream.Stream<Path> validFixtures() throws IOException {
        return ManifestParserTest.validFixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void bundleAroundRealManifestInstalls(Path file) throws IOException {
        byte[] text = Files.readAllBytes(file);
        Manifest manifest = ManifestParser.parse(text, file.getFileName().toString()).manifest();
        String top = manifest.id();
        TarBuilder bundle = TarBuilder.create().dir(top + "/").file(top + "/" + file.getFileName(), text);
        Set<String> files = new LinkedHashSet<>();
        Manifest.Server server = manifest.serverPart();
        if (server != null) {
            if (server.executables() != null) {
                files.addAll(server.executables().values());
            }
            if (server.executable() != null && !server.executable().isEmpty()) {
                files.add(server.executable());
            }
        }
        if (manifest.hasWebapp()) {
            files.add(manifest.webapp().bundlePath());
        }
        if (manifest.iconPath() != null) {
            files.add(manifest.iconPath());
        }
        for (String path : files) {
            bundle.file(top + "/" + path.replaceFirst("^/+", ""), ("content of " + path).getBytes(StandardCharsets.UTF_8),
                    0755);
        }
        Workspace ws = new Workspace(root);
        ws.install(bundle.tarGz(), InstallMode.IF_NEW);

        var installed = ws.plugins().list();
        assertThat(installed).hasSize(1);
        assertThat(installed.get(0).id()).isEqualTo(manifest.id());
        if (manifest.hasServer()) {
            Path executable = ManifestValidator.resolve(ws.pluginsDir().resolve(manifest.id()),
                    manifest.executableFor(Platform.current()));
            assertThat(Files.isExecutable(executable)).isTrue();
        }
    }
}
