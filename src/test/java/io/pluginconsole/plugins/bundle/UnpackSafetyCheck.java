package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.install.PluginFolders;
import io.pluginconsole.testing.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads one bundle with the real reader beside a canary folder and checks the outcome: either a
 * safe tree (plain files and folders, fixed modes, within the limits, inside the staging folder)
 * or a refusal with the reader's own error; in both cases nothing else on disk changed.
 */
final class UnpackSafetyCheck implements AutoCloseable {
    private static final Set<String> MODES = Set.of("rw-r--r--", "rwxr-xr-x");

    /** What happened to one bundle. */
    enum Outcome { UNPACKED_FILES, UNPACKED_EMPTY, REFUSED }

    private final Path root;
    private final Map<String, String> outsideBefore;

    private UnpackSafetyCheck(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("outside"));
        Files.writeString(root.resolve("outside/canary.txt"), "canary");
        this.outsideBefore = Workspace.snapshot(root.resolve("outside"));
    }

    static UnpackSafetyCheck create() throws IOException {
        return new UnpackSafetyCheck(Files.createTempDirectory("bundle-check"));
    }

    Outcome check(HostileBundles.Case bundle) throws IOException {
        Path file = Files.write(root.resolve("bundle.tar.gz"), bundle.bytes());
        Path staging = Files.createDirectories(root.resolve("staging"));
        Outcome outcome;
        try {
            new BundleReader(bundle.limits()).unpack(file, staging);
            outcome = assertSafeTree(staging, bundle);
        } catch (PluginException e) {
            assertThat(e.id()).as(bundle.description()).isIn(ErrorIds.EXTRACT, ErrorIds.NO_SPACE);
            assertThat(e.getMessage()).as(bundle.description()).startsWith("Bundle rejected: ").doesNotContain("\0");
            outcome = Outcome.REFUSED;
        } finally {
            PluginFolders.deleteTree(staging);
        }
        assertThat(Workspace.snapshot(root.resolve("outside"))).as(bundle.description()).isEqualTo(outsideBefore);
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).as(bundle.description())
                    .containsExactlyInAnyOrder("outside", "bundle.tar.gz");
        }
        return outcome;
    }

    private static Outcome assertSafeTree(Path staging, HostileBundles.Case bundle) throws IOException {
        BundleLimits limits = bundle.limits();
        int files = 0;
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String what = p + " from " + bundle.description();
                assertThat(p.normalize().startsWith(staging)).as(what).isTrue();
                assertThat(Files.isSymbolicLink(p)).as("link %s", what).isFalse();
                assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).as("type of %s", what).isTrue();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                assertThat(MODES).as("mode of %s", what).contains(mode);
                String name = p.getFileName().toString();
                assertThat(name).as(what).doesNotContain("\\").doesNotContain("\0").isNotEqualTo("..");
                if (p.equals(staging)) {
                    continue;
                }
                Path relative = staging.relativize(p);
                assertThat(relative.getNameCount()).as("depth of %s", what).isLessThanOrEqualTo(limits.maxDepth());
                assertThat(utf8(relative.toString())).as("path of %s", what).isLessThanOrEqualTo(limits.maxPathBytes());
                assertThat(utf8(name)).as("name of %s", what).isLessThanOrEqualTo(limits.maxComponentBytes());
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files++;
                    long size = Files.size(p);
                    assertThat(size).as("size of %s", what).isLessThanOrEqualTo(limits.maxEntryBytes());
                    bytes += size;
                }
            }
        }
        assertThat(files).as("files from %s", bundle.description()).isLessThanOrEqualTo(limits.maxEntries());
        assertThat(bundle.entries()).as("entries of %s", bundle.description()).isLessThanOrEqualTo(limits.maxEntries());
        assertThat(bytes).as("bytes from %s", bundle.description()).isLessThanOrEqualTo(limits.maxUnpackedBytes());
        return files > 0 ? Outcome.UNPACKED_FILES : Outcome.UNPACKED_EMPTY;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() throws IOException {
        PluginFolders.deleteTree(root);
    }
}
