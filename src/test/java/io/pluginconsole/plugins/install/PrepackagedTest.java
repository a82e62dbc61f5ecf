package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.bundle.BundleReader;
import io.pluginconsole.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pre-packaged bundle is offered: folders walked, signatures paired, newer versions and later sources win. */
class PrepackagedTest {
    @TempDir
    Path temp;

    private Map<String, Prepackaged.Bundle> load(Prepackaged.Source... sources) {
        PluginFolders folders = new PluginFolders(temp.resolve("plugins"));
        BundleStager stager = new BundleStager(temp.resolve("staging"));
        Installer installer = new Installer(folders, stager, new BundleReader(BundleLimits.defaults()), null, null,
                id -> false, new PluginLocks(1000), InstallSteps.NONE, () -> new SignaturePolicy(false, () -> null));
        return new Prepackaged(List.of(sources)).load(stager, installer::inspect);
    }

    private static Path bundle(Path folder, String file, String id, String version) throws IOException {
        Files.createDirectories(folder);
        return TarBuilder.plugin(id, TarBuilder.manifest(id, version)).tarGz(folder.resolve(file));
    }

    @Test
    void bundlesAreFoundInSubfoldersWithTheSignatureBesideThem() throws IOException {
        Path dir = temp.resolve("a");
        bundle(dir.resolve("vendor"), "one-v1.tar.gz", "one", "1.0.0");
        Files.write(dir.resolve("vendor/one-v1.tar.gz.sig"), "signature bytes".getBytes(StandardCharsets.UTF_8));
        bundle(dir, "two.tar.gz", "two", "1.0.0");
        Files.writeString(dir.resolve("orphan.tar.gz.sig"), "no bundle");
        Files.writeString(dir.resolve("broken.tar.gz"), "not a bundle");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        Map<String, Prepackaged.Bundle> offered = load(Prepackaged.folder(dir), Prepackaged.folder(temp.resolve("none")));

        assertThat(offered).containsOnlyKeys("one", "two");
        assertThat(new String(offered.get("one").signature(), StandardCharsets.UTF_8)).isEqualTo("signature bytes");
        assertThat(offered.get("two").signature()).isNull();
        assertThat(offered.get("one").origin()).endsWith("vendor/one-v1.tar.gz");
        assertThat(Files.exists(temp.resolve("staging")) ? Files.list(temp.resolve("staging")).count() : 0).isZero();
    }

    @Test
    void theNewerVersionWinsAndAtEqualVersionsTheLaterSource() throws IOException {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        bundle(first, "a.tar.gz", "alpha", "2.0.0");
        bundle(second, "a.tar.gz", "alpha", "1.5.0");
        bundle(first, "b.tar.gz", "bravo", "1.0.0");
        bundle(second, "b.tar.gz", "bravo", "1.0.0");
        bundle(first, "c.tar.gz", "charlie", "1.0.0");
        bundle(second, "c.tar.gz", "charlie", "1.0.1");

        Map<String, Prepackaged.Bundle> offered = load(Prepackaged.folder(first), Prepackaged.folder(second));

        assertThat(offered.get("alpha").version()).isEqualTo("2.0.0");
        assertThat(offered.get("bravo").origin()).startsWith(second.toString());
        assertThat(offered.get("charlie").version()).isEqualTo("1.0.1");
    }

    @Test
    void versionsCompareAsSemanticVersions() {
        assertThat(Prepackaged.isNewer("1.10.0", "1.9.0")).isTrue();
        assertThat(Prepackaged.isNewer("1.0.0", "1.0.0")).isFalse();
        assertThat(Prepackaged.isNewer("0.9.0", "1.0.0")).isFalse();
        assertThat(Prepackaged.isNewer("1.0.0", "not a version")).isTrue();
        assertThat(Prepackaged.isNewer("not a version", "1.0.0")).isFalse();
    }
}
