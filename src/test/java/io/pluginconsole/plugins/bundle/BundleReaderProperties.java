package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Property tests of the bundle reader: for generated archives of hostile names and entry types,
 * and for random bytes, the reader either unpacks a safe tree (plain files and folders, fixed
 * modes, nothing outside the staging folder) or refuses with its own error, never anything else.
 */
class BundleReaderProperties {
    private static final List<String> PARTS = List.of("demo", "a", "A", "..", ".", "", "x.txt", "CON", "caf\u00e9",
            "cafe\u0301", "..\\x", "\0", "%2e", "trail ", "\u202e", "..file", "-dash", "b", "plugin.json",
            ".plugin-console.json", "\u0007");
    private static final Set<String> MODES = Set.of("rw-r--r--", "rwxr-xr-x");

    private Path root;
    private Map<String, String> outsideBefore;

    record Entry(String name, byte type, int mode, String content) {
    }

    @BeforeProperty
    void createRoot() throws IOException {
        root = Files.createTempDirectory("bundle-property");
        Files.createDirectories(root.resolve("outside"));
        Files.writeString(root.resolve("outside/canary.txt"), "canary");
        outsideBefore = Workspace.snapshot(root.resolve("outside"));
    }

    @AfterProperty
    void deleteRoot() throws IOException {
        PluginFolders.deleteTree(root);
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<String> name = Arbitraries.of(PARTS).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join("/", parts))
                .flatMap(n -> Arbitraries.of(n, "/" + n, "./" + n, n + "/", "../" + n));
        Arbitrary<Byte> type = Arbitraries.of(TarConstants.LF_NORMAL, TarConstants.LF_DIR, TarConstants.LF_SYMLINK,
                TarConstants.LF_LINK, TarConstants.LF_FIFO, TarConstants.LF_CHR, TarConstants.LF_CONTIG);
        Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 06777, 0600, 0111);
        Arbitrary<String> content = Arbitraries.strings().ofMaxLength(40);
        return Combinators.combine(name, type, mode, content).as(Entry::new).list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void generatedArchivesAreUnpackedSafelyOrRefused(@ForAll("entries") List<Entry> entries) throws IOException {
        TarBuilder builder = TarBuilder.create();
        for (Entry e : entries) {
            TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
            entry.setMode(e.mode());
            byte[] data = e.content().getBytes(StandardCharsets.UTF_8);
            if (e.type() == TarConstants.LF_NORMAL) {
                entry.setSize(data.length);
                builder.entry(entry, data);
            } else {
                if (e.type() == TarConstants.LF_SYMLINK || e.type() == TarConstants.LF_LINK) {
                    entry.setLinkName("../../outside/canary.txt");
                }
                builder.entry(entry, null);
            }
        }
        byte[] bundle;
        try {
            bundle = builder.tarGz();
        } catch (RuntimeException writerRefused) {
            return; // the tar writer itself refuses some names; nothing to read
        }
        checkOne(bundle);
    }

    @Property(tries = 300)
    void randomBytesNeverEscapeTheReader(@ForAll byte[] noise, @ForAll boolean gzipped) throws IOException {
        checkOne(gzipped ? TarBuilder.gzip(noise) : noise);
    }

    private void checkOne(byte[] bundle) throws IOException {
        Path file = Files.write(root.resolve("bundle.tar.gz"), bundle);
        Path staging = Files.createDirectories(root.resolve("staging"));
        try {
            new BundleReader(BundleLimits.defaults()).unpack(file, staging);
            assertSafeTree(staging);
        } catch (PluginException e) {
            assertThat(e.id()).isIn(ErrorIds.EXTRACT, ErrorIds.NO_SPACE);
            assertThat(e.getMessage()).startsWith("Bundle rejected: ").doesNotContain("\0");
        } finally {
            PluginFolders.deleteTree(staging);
        }
        assertThat(Workspace.snapshot(root.resolve("outside"))).isEqualTo(outsideBefore);
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("outside", "bundle.tar.gz");
        }
    }

    private static void assertSafeTree(Path staging) throws IOException {
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                assertThat(p.normalize().startsWith(staging)).isTrue();
                assertThat(Files.isSymbolicLink(p)).as("link %s", p).isFalse();
                assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).as("type of %s", p).isTrue();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                assertThat(MODES).as("mode of %s", p).contains(mode);
                String name = p.getFileName().toString();
                assertThat(name).doesNotContain("\\").doesNotContain("\0").isNotEqualTo("..");
            }
        }
    }
}
