package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.bundle.BundleReader;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestParser;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.bundle.ParsedManifest;
import io.pluginconsole.plugins.bundle.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own pre-packaged plugins as the build packs them into the classes: both bundles are
 * listed in the index, pass the bundle reader and the manifest checks, and keep the server
 * script's executable bit. (That the server one really runs is checked in PrepackagedPluginsTest.)
 */
class ShippedPrepackagedPluginsTest {
    static final String BANNER = "com.pluginconsole.welcome-banner";
    static final String STATUS = "com.pluginconsole.server-status";

    @TempDir
    Path temp;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ShippedPrepackagedPluginsTest.class.getClassLoader()
                .getResourceAsStream("prepackaged_plugins/" + name)) {
            assertThat(in).as("prepackaged_plugins/" + name + " in the built classes").isNotNull();
            return in.readAllBytes();
        }
    }

    private Manifest unpack(String id) throws IOException {
        Path bundle = Files.write(temp.resolve(id + ".tar.gz"), resource(id + ".tar.gz"));
        Path out = Files.createDirectories(temp.resolve(id));
        new BundleReader(BundleLimits.defaults()).unpack(bundle, out);
        Path root = out.resolve(id);
        ParsedManifest parsed = ManifestParser.find(root);
        assertThat(parsed.warnings()).isEmpty();
        Manifest manifest = parsed.manifest();
        ManifestValidator.checkInstallable(manifest, root, Platform.current());
        assertThat(ManifestValidator.warnings(manifest)).isEmpty();
        assertThat(manifest.id()).isEqualTo(id);
        assertThat(manifest.version()).matches("\\d+\\.\\d+\\.\\d+");
        return manifest;
    }

    private static Map<String, Integer> modes(byte[] tarGz) throws IOException {
        Map<String, Integer> modes = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                modes.put(entry.getName(), entry.getMode() & 0777);
            }
        }
        return modes;
    }

    @Test
    void theIndexListsBothBundles() throws IOException {
        String index = new String(resource("index.txt"), StandardCharsets.UTF_8);
        assertThat(index.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                .containsExactlyInAnyOrder(BANNER + ".tar.gz", STATUS + ".tar.gz");
    }

    @Test
    void theWelcomeBannerHasAWebappAndSettingsOfSeveralTypes() throws IOException {
        Manifest manifest = unpack(BANNER);
        assertThat(manifest.hasWebapp()).isTrue();
        assertThat(manifest.hasServer()).isFalse();
        assertThat(manifest.settingsSchema().settings()).extracting(Manifest.Setting::type)
                .containsExactly("text", "longtext", "dropdown", "radio", "bool");
        String script = Files.readString(temp.resolve(BANNER).resolve(BANNER).resolve(manifest.webapp().bundlePath()));
        assertThat(script).contains("window.registerPlugin(ID", "registerSettingsSection(").doesNotContain("innerHTML");
    }

    @Test
    void theServerStatusPluginRunsAShellScriptForEachLinuxPlatform() throws IOException {
        Manifest manifest = unpack(STATUS);
        assertThat(manifest.server().executables()).containsEntry("linux-amd64", "server/plugin.sh")
                .containsEntry("linux-arm64", "server/plugin.sh");
        Map<String, Integer> modes = modes(resource(STATUS + ".tar.gz"));
        assertThat(modes).containsEntry(STATUS + "/server/plugin.sh", 0755)
                .containsEntry(STATUS + "/server/Main.java", 0644);
        Path script = temp.resolve(STATUS).resolve(STATUS).resolve("server/plugin.sh");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readAllLines(script).get(0)).isEqualTo("#!/bin/sh");
        assertThat(Files.readString(script)).contains("PLUGIN_CONSOLE_JAVA", "server/Main.java");
    }

    @Test
    void theCatalogOffersBothFromTheClasspath() {
        Path plugins = temp.resolve("plugins");
        PluginFolders folders = new PluginFolders(plugins);
        BundleStager stager = new BundleStager(temp.resolve("staging"));
        Installer installer = new Installer(folders, stager, new BundleReader(BundleLimits.defaults()), null, null,
                id -> false, new PluginLocks(1000), InstallSteps.NONE, () -> new SignaturePolicy(false, () -> null));
        Prepackaged catalog = new Prepackaged(List.of(Prepackaged.classpath(getClass().getClassLoader(),
                Prepackaged.FOLDER)));
        var offered = catalog.load(stager, installer::inspect);
        assertThat(offered).containsOnlyKeys(BANNER, STATUS);
        assertThat(offered.get(STATUS).signature()).isNull();
        assertThat(offered.get(BANNER).origin()).contains("prepackaged_plugins/" + BANNER + ".tar.gz");
    }
}
