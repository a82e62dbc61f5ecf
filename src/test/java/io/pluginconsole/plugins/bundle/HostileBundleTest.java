package io.pluginconsole.plugins.bundle;

import io.pluginconsole.plugins.install.InstallSource;
import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.testing.RawTar;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import io.pluginconsole.web.ErrorStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows A01-A50 of the hostile-input matrix, run through the real install pipeline. Every
 * rejection also checks the invariants: nothing outside the plugins folder changes (INV-OUT),
 * the installed demo plugin and its stored bundle stay byte-identical (INV-PREV), and no staging
 * debris is left (INV-CLEAN).
 */
class HostileBundleTest {
    private static final String DEMO = manifest("demo", "1.0.0");

    @TempDir
    Path root;
    Workspace ws;
    Map<String, String> demoBefore;
    String storedBefore;
    Map<String, String> outsideBefore;

    @BeforeEach
    void installDemo() throws IOException {
        ws = new Workspace(root);
        ws.install(TarBuilder.plugin("demo", DEMO).file("demo/server.txt", "v1").tarGz(), InstallMode.IF_NEW);
        demoBefore = Workspace.snapshot(ws.pluginsDir().resolve("demo"));
        storedBefore = Workspace.sha256(Files.readAllBytes(ws.storedBundle("demo")));
        outsideBefore = ws.outside();
    }

    /** Installs with force over the demo plugin and expects a rejection with unchanged state. */
    private PluginException rejects(byte[] bundle, int status, String errorId, String message) {
        PluginException error = catchInstall(bundle);
        assertThat(ErrorStatus.of(error.kind())).as("HTTP status").isEqualTo(status);
        assertThat(error.id()).isEqualTo(errorId);
        assertThat(error.getMessage()).contains(message);
        assertUnchanged();
        return error;
    }

    private PluginException catchInstall(byte[] bundle) {
        try {
            ws.plugins().install(new ByteArrayInputStream(bundle), InstallMode.ALWAYS, InstallSource.UPLOAD);
        } catch (PluginException e) {
            return e;
        }
        throw new AssertionError("the bundle was accepted");
    }

    private void assertUnchanged() {
        assertThat(ws.outside()).as("INV-OUT").isEqualTo(outsideBefore);
        assertThat(Workspace.snapshot(ws.pluginsDir().resolve("demo"))).as("INV-PREV tree").isEqualTo(demoBefore);
        try {
            assertThat(Workspace.sha256(Files.readAllBytes(ws.storedBundle("demo")))).as("INV-PREV store")
                    .isEqualTo(storedBefore);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(ws.debris()).as("INV-CLEAN").isEmpty();
        assertThat(ws.plugins().list()).extracting(p -> p.id()).containsExactly("demo");
        assertThat(Path.of("/tmp/evil.txt")).doesNotExist();
    }

    private static TarBuilder demo() {
        return TarBuilder.plugin("demo", manifest("demo", "2.0.0"));
    }

    // A01
    @Test
    void a01_validNewBundleInstallsWithFixedModesAndIsStored() throws IOException {
        byte[] bundle = TarBuilder.plugin("fresh", manifest("fresh", "1.0.0"))
                .file("fresh/assets/readme.txt", "hello").tarGz();
        ws.install(bundle, InstallMode.IF_NEW);
        Path dir = ws.pluginsDir().resolve("fresh");
        assertThat(dir.resolve("assets/readme.txt")).hasContent("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("plugin.json"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("assets"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readAllBytes(ws.storedBundle("fresh"))).isEqualTo(bundle);
        assertThat(ws.debris()).isEmpty();
    }

    // A02 (Mattermost answers 400 with app.plugin.install_id.app_error, which its console keys on)
    @Test
    void a02_existingIdWithoutForceIsRefused() {
        assertThatThrownBy(() -> ws.install(demo().tarGz(), InstallMode.IF_NEW))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.INSTALL_ID);
                    assertThat(ErrorStatus.of(e.kind())).isEqualTo(400);
                });
        assertUnchanged();
    }

    // A03
    @Test
    void a03_newerVersionWithForceReplaces() throws IOException {
        ws.install(demo().file("demo/server.txt", "v2").tarGz(), InstallMode.ALWAYS);
        assertThat(ws.pluginsDir().resolve("demo/server.txt")).hasContent("v2");
        assertThat(ws.plugins().list().get(0).plugin().manifest().version()).isEqualTo("2.0.0");
        assertThat(ws.debris()).isEmpty();
    }

    // A04: upgrade-only installs refuse a downgrade; a forced install is the explicit downgrade.
    @Test
    void a04_downgradeRefusedUnlessForced() {
        byte[] older = TarBuilder.plugin("demo", manifest("demo", "0.9.0")).tarGz();
        assertThatThrownBy(() -> ws.install(older, InstallMode.IF_NEWER))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.SKIP_INSTALLATION);
                    assertThat(ErrorStatus.of(e.kind())).isEqualTo(409);
                });
        assertUnchanged();
        ws.install(older, InstallMode.ALWAYS);
        assertThat(ws.plugins().list().get(0).plugin().manifest().version()).isEqualTo("0.9.0");
    }

    // A06 [1, 3, 5]
    @Test
    void a06_parentTraversal() {
        rejects(demo().file("../evil.txt", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
        rejects(demo().file("demo/a/../../../evil.txt", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
        rejects(demo().file("../plugins-evil/x", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
    }

    // A07 [2]
    @Test
    void a07_absolutePaths() {
        rejects(demo().file(root.resolve("outside/abs.txt").toString(), "x").tarGz(), 400, ErrorIds.EXTRACT,
                "unsafe path");
        rejects(demo().file("C:/x", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
        assertThat(ws.pluginsDir().resolve("demo" + root.resolve("outside/abs.txt"))).doesNotExist();
    }

    // A08 [4]
    @Test
    void a08_backslashes() {
        rejects(demo().file("..\\..\\evil.txt", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
    }

    // A09 [6, 7]
    @Test
    void a09_paxPathAndGnuLongNameEscapes() {
        rejects(new RawTar().pax(Map.of("path", "../../pax-evil.txt")).file("demo/safe.txt", "x".getBytes())
                .tarGz(), 400, ErrorIds.EXTRACT, "unsafe path");
        rejects(demo().gnuLongNames().file("../".repeat(40) + "evil.txt", "x").tarGz(), 400, ErrorIds.EXTRACT,
                "unsafe path");
    }

    // A10 [9, 16]
    @Test
    void a10_nulAndControlCharacters() {
        rejects(new RawTar().pax(Map.of("path", "demo/a\0../../b.txt")).file("demo/a", "x".getBytes()).tarGz(),
                400, ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().file("demo/bell\u0007.txt", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().file("demo/rtl\u202Etxt.exe", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().file("demo/%2e%2e", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        assertThat(ws.pluginsDir().resolve("demo/a")).doesNotExist();
    }

    // A11 [10, 33]
    @Test
    void a11_longNamesAndDeepTrees() {
        rejects(demo().file("demo/" + "a".repeat(10_005), "x").tarGz(), 400, ErrorIds.EXTRACT, "file name too long");
        rejects(demo().file("demo/" + "d/".repeat(40) + "x", "x").tarGz(), 400, ErrorIds.EXTRACT,
                "file name too long");
    }

    // A12 [11]
    @Test
    void a12_emptyDotAndTrailingSlashNames() {
        rejects(demo().file("demo/./plugin.json", "{}").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().file("demo//x", "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().raw(tar -> {
            try {
                TarArchiveEntry entry = new TarArchiveEntry("demo/file/", TarConstants.LF_NORMAL, true);
                entry.setSize(0);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
    }

    // A13 [12]
    @Test
    void a13_duplicateEntries() {
        rejects(demo().file("demo/plugin.json", manifest("../../etc", "1.0.0")).tarGz(), 400, ErrorIds.EXTRACT,
                "duplicate entry");
        rejects(demo().file("demo/x", "file").dir("demo/x/").tarGz(), 400, ErrorIds.EXTRACT, "duplicate entry");
    }

    // A14 [13, 14]
    @Test
    void a14_unicodeAndCaseCollisions() {
        rejects(demo().file("demo/caf\u00e9.txt", "nfc").file("demo/cafe\u0301.txt", "nfd").tarGz(), 400,
                ErrorIds.EXTRACT, "unsafe file name");
        rejects(demo().file("demo/README", "a").file("demo/readme", "b").tarGz(), 400, ErrorIds.EXTRACT,
                "conflicting file names");
        rejects(demo().file("demo/x", "file").file("demo/x/y", "under a file").tarGz(), 400, ErrorIds.EXTRACT,
                "conflicting file names");
    }

    // A15 [15]
    @Test
    void a15_windowsHostileNames() {
        for (String name : new String[] {"CON", "aux.txt", "x.txt:ads", "trail. ", "trail."}) {
            rejects(demo().file("demo/" + name, "x").tarGz(), 400, ErrorIds.EXTRACT, "unsafe file name");
        }
    }

    // A16 [8, 17-20]
    @Test
    void a16_symlinks() {
        rejects(demo().link("demo/etc", "/etc", TarConstants.LF_SYMLINK).tarGz(), 400, ErrorIds.EXTRACT,
                "links are not allowed");
        rejects(demo().link("demo/up", "../../..", TarConstants.LF_SYMLINK).tarGz(), 400, ErrorIds.EXTRACT,
                "links are not allowed");
        rejects(demo().link("demo/a", ".", TarConstants.LF_SYMLINK).link("demo/a/b", ".", TarConstants.LF_SYMLINK)
                .tarGz(), 400, ErrorIds.EXTRACT, "links are not allowed");
        rejects(TarBuilder.create().link("demo", root.resolve("outside").toString(), TarConstants.LF_SYMLINK)
                .file("demo/plugin.json", manifest("demo", "2.0.0")).tarGz(), 400, ErrorIds.EXTRACT,
                "links are not allowed");
        TarArchiveEntry paxLink = new TarArchiveEntry("demo/l", TarConstants.LF_SYMLINK, true);
        paxLink.setLinkName("harmless");
        paxLink.addPaxHeader("linkpath", "/etc/shadow");
        rejects(demo().entry(paxLink, null).tarGz(), 400, ErrorIds.EXTRACT, "links are not allowed");
        assertThat(ws.pluginsDir().resolve("demo/etc")).doesNotExist();
    }

    // A17 [18, 19]
    @Test
    void a17_symlinkThenWriteThroughIt() {
        rejects(demo().link("demo/l", root.resolve("outside").toString(), TarConstants.LF_SYMLINK)
                .file("demo/l/canary.txt", "overwritten").tarGz(), 400, ErrorIds.EXTRACT, "links are not allowed");
        rejects(demo().dir("demo/d/").link("demo/d", root.resolve("outside").toString(), TarConstants.LF_SYMLINK)
                .file("demo/d/x", "x").tarGz(), 400, ErrorIds.EXTRACT, "links are not allowed");
    }

    // A18 [21]
    @Test
    void a18_hardLinks() {
        rejects(demo().link("demo/pw", "/etc/passwd", TarConstants.LF_LINK).tarGz(), 400, ErrorIds.EXTRACT,
                "links are not allowed");
        rejects(demo().link("demo/pw", "../../etc/passwd", TarConstants.LF_LINK).tarGz(), 400, ErrorIds.EXTRACT,
                "links are not allowed");
    }

    // A19 [22]
    @Test
    void a19_devicesAndFifos() {
        rejects(demo().special("demo/null", TarConstants.LF_CHR).tarGz(), 400, ErrorIds.EXTRACT, "special files");
        rejects(demo().special("demo/sda", TarConstants.LF_BLK).tarGz(), 400, ErrorIds.EXTRACT, "special files");
        rejects(demo().special("demo/fifo", TarConstants.LF_FIFO).tarGz(), 400, ErrorIds.EXTRACT, "special files");
        rejects(TarBuilder.create().dir("demo/").special("demo/plugin.json", TarConstants.LF_FIFO).tarGz(), 400,
                ErrorIds.EXTRACT, "special files");
    }

    // A20 [23]
    @Test
    void a20_otherTypeFlags() {
        rejects(demo().special("demo/contiguous", TarConstants.LF_CONTIG).tarGz(), 400, ErrorIds.EXTRACT,
                "unsupported entry type");
        rejects(demo().special("demo/unknown", (byte) 'Z').tarGz(), 400, ErrorIds.EXTRACT, "unsupported entry type");
        rejects(demo().special("demo/sparse", TarConstants.LF_GNUTYPE_SPARSE).tarGz(), 400, ErrorIds.EXTRACT, "");
    }

    // A21 [24]
    @Test
    void a21_setuidModesAreDropped() throws IOException {
        ws.install(demo().file("demo/run.sh", "#!/bin/sh".getBytes(), 06777).file("demo/data.txt",
                "x".getBytes(), 0666).tarGz(), InstallMode.ALWAYS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.pluginsDir().resolve("demo/run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.pluginsDir().resolve("demo/data.txt"))))
                .isEqualTo("rw-r--r--");
    }

    // A22 [25]
    @Test
    void a22_ownersAndTimesAreIgnored() throws IOException {
        ws.install(demo().custom("demo/owned.txt", "x".getBytes(), e -> {
            e.setUserId(0);
            e.setGroupId(0);
            e.setUserName("victim");
            e.setModTime(0);
            e.addPaxHeader("SCHILY.xattr.user.evil", "1");
        }).tarGz(), InstallMode.ALWAYS);
        Path file = ws.pluginsDir().resolve("demo/owned.txt");
        assertThat(Files.getOwner(file)).isEqualTo(Files.getOwner(ws.pluginsDir()));
        assertThat(Files.getLastModifiedTime(file).toMillis()).isGreaterThan(0);
    }

    // A23 [27]
    @Test
    void a23_paxTimeBomb() {
        rejects(new RawTar().pax(Map.of("mtime", "9e9999999")).file("demo/t.txt", "x".getBytes()).tarGz(),
                400, ErrorIds.EXTRACT, "corrupt archive");
    }

    // A24 [28]
    @Test
    void a24_malformedHeaders() {
        byte[] tar = demo().file("demo/x.txt", "hello").tar();
        int header = headerOffset(tar, "demo/x.txt");
        byte[] badChecksum = tar.clone();
        badChecksum[header + 148] = (byte) (badChecksum[header + 148] == '7' ? '6' : '7');
        rejects(TarBuilder.gzip(badChecksum), 400, ErrorIds.EXTRACT, "corrupt archive");
        byte[] nonOctal = tar.clone();
        byte[] size = "9z9z9z9z9z9".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, nonOctal, header + 124, size.length);
        byte[] h = java.util.Arrays.copyOfRange(nonOctal, header, header + 512);
        TarBuilder.fixChecksum(h);
        System.arraycopy(h, 0, nonOctal, header, 512);
        rejects(TarBuilder.gzip(nonOctal), 400, ErrorIds.EXTRACT, "corrupt archive");
    }

    private static int headerOffset(byte[] tar, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int offset = 0; offset + 512 <= tar.length; offset += 512) {
            if (java.util.Arrays.equals(tar, offset, offset + wanted.length, wanted, 0, wanted.length)
                    && tar[offset + wanted.length] == 0) {
                return offset;
            }
        }
        throw new AssertionError("no header for " + name);
    }

    // A25 [29]
    @Test
    void a25_hugeDeclaredSize() {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(TarBuilder.header("demo/huge", '0', "77777777777"));
        tar.writeBytes(new byte[512]);
        tar.writeBytes(new byte[1024]);
        rejects(TarBuilder.gzip(tar.toByteArray()), 400, ErrorIds.EXTRACT, "file too large");
    }

    // A26 [30]
    @Test
    void a26_hugePaxHeader(@TempDir Path tmp) throws IOException {
        long valueSize = 100L * 1024 * 1024;
        String prefix = " comment=";
        long recordLength = prefix.length() + valueSize + 1;
        recordLength += String.valueOf(recordLength + 10).length();
        Path file = tmp.resolve("pax.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            out.write(TarBuilder.header("PaxHeaders/x", 'x', String.format("%011o", recordLength)));
            out.write((recordLength + prefix).getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (long left = valueSize; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write('\n');
        }
        assertThat(Files.size(file)).isLessThan(200_000);
        rejects(Files.readAllBytes(file), 400, ErrorIds.EXTRACT, "archive too large when unpacked");
    }

    // A27 [31]
    @Test
    void a27_gzipBomb(@TempDir Path tmp) throws IOException {
        Path bomb = demo().generated("demo/zeros", 256L * 1024 * 1024, (byte) 0).tarGz(tmp.resolve("bomb.tar.gz"));
        assertThat(Files.size(bomb)).isLessThan(400_000);
        rejects(Files.readAllBytes(bomb), 400, ErrorIds.EXTRACT, "archive too large when unpacked");
    }

    // A28 [32]
    @Test
    void a28_tooManyEntries() {
        TarBuilder many = demo();
        for (int i = 0; i < 100_003; i++) {
            many.file("demo/f" + i, new byte[0]);
        }
        rejects(many.tarGz(), 400, ErrorIds.EXTRACT, "too many files");
    }

    // A29 [34]
    @Test
    void a29_singleFileOverCap() {
        ws.open(new OfflineRuntime(), limitsWithEntryCap(1024 * 1024), InstallSteps.NONE);
        byte[] big = new byte[2 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big);
        rejects(demo().file("demo/big.bin", big).tarGz(), 400, ErrorIds.EXTRACT, "file too large");
    }

    private static BundleLimits limitsWithEntryCap(long cap) {
        BundleLimits d = BundleLimits.defaults();
        return new BundleLimits(d.maxUnpackedBytes(), cap, d.maxEntries(), d.maxPathBytes(), d.maxComponentBytes(),
                d.maxDepth(), d.maxManifestBytes(), d.maxCompressionRatio(), d.ratioCheckAfterBytes(),
                d.timeBudget(), d.reserveDiskBytes());
    }

    // A30
    @Test
    void a30_diskFull() {
        ws.open(new OfflineRuntime(), BundleLimits.defaults().withReserveDiskBytes(Long.MAX_VALUE / 4),
                InstallSteps.NONE);
        rejects(demo().file("demo/x.txt", "x").tarGz(), 507, ErrorIds.NO_SPACE, "Not enough disk space");
    }

    // A31 [35]
    @Test
    void a31_timeBudget() {
        ws.open(new OfflineRuntime(), BundleLimits.defaults().withTimeBudget(Duration.ofNanos(1)), InstallSteps.NONE);
        rejects(demo().file("demo/x.txt", "x").tarGz(), 400, ErrorIds.EXTRACT, "timed out");
    }

    // A32 [38]
    @Test
    void a32_nestedArchiveStaysAFile() {
        byte[] inner = TarBuilder.plugin("inner", manifest("inner", "1.0.0")).tarGz();
        ws.install(demo().file("demo/inner.tar.gz", inner).tarGz(), InstallMode.ALWAYS);
        assertThat(ws.pluginsDir().resolve("demo/inner.tar.gz")).hasBinaryContent(inner);
        assertThat(ws.pluginsDir().resolve("inner")).doesNotExist();
    }

    // A33 [39]
    @Test
    void a33_truncatedGzip() {
        byte[] valid = demo().file("demo/x.txt", "x".repeat(10_000)).tarGz();
        rejects(java.util.Arrays.copyOf(valid, valid.length / 2), 400, ErrorIds.EXTRACT, "corrupt archive");
    }

    // A34 [40]
    @Test
    void a34_truncatedTarInValidGzip() {
        byte[] tar = demo().file("demo/x.txt", "x".repeat(10_000)).tar();
        rejects(TarBuilder.gzip(java.util.Arrays.copyOf(tar, 2048 + 700)), 400, ErrorIds.EXTRACT, "corrupt archive");
    }

    // A35 [41]
    @Test
    void a35_trailingGarbageAndSecondMember() {
        byte[] valid = demo().tarGz();
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        garbage.writeBytes(valid);
        garbage.writeBytes("garbage".getBytes());
        rejects(garbage.toByteArray(), 400, ErrorIds.EXTRACT, "corrupt archive");
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.writeBytes(valid);
        twoMembers.writeBytes(TarBuilder.gzip("second".getBytes()));
        rejects(twoMembers.toByteArray(), 400, ErrorIds.EXTRACT, "corrupt archive");
        byte[] tarWithData = demo().tar();
        byte[] padded = java.util.Arrays.copyOf(tarWithData, tarWithData.length + 512);
        padded[padded.length - 10] = 'x';
        rejects(TarBuilder.gzip(padded), 400, ErrorIds.EXTRACT, "corrupt archive");
    }

    // A36 [42]: Mattermost answers 400 for "badfile"; the reference allows 400 or 415.
    @Test
    void a36_notGzip() {
        rejects("plain text".getBytes(), 400, ErrorIds.EXTRACT, "not a .tar.gz bundle");
        rejects(new byte[0], 400, ErrorIds.EXTRACT, "not a .tar.gz bundle");
        rejects("<html><body>Not found</body></html>".getBytes(), 400, ErrorIds.EXTRACT, "not a .tar.gz bundle");
    }

    // A37 [43]
    @Test
    void a37_zipRenamed() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("demo/plugin.json"));
            out.write(manifest("demo", "2.0.0").getBytes());
            out.closeEntry();
        }
        rejects(zip.toByteArray(), 400, ErrorIds.EXTRACT, "not a .tar.gz bundle");
    }

    // A38 [44]
    @Test
    void a38_plainTarRenamed() {
        rejects(demo().tar(), 400, ErrorIds.EXTRACT, "not a .tar.gz bundle");
    }

    // A39 [45]
    @Test
    void a39_emptyArchive() {
        rejects(TarBuilder.create().tarGz(), 400, ErrorIds.MANIFEST, "manifest not found");
    }

    // A40 [47]
    @Test
    void a40_manifestMissing() {
        rejects(TarBuilder.create().dir("demo/").file("demo/readme.txt", "x").tarGz(), 400, ErrorIds.MANIFEST,
                "manifest not found");
    }

    // A41 [48]
    @Test
    void a41_manifestIsADirectory() {
        rejects(TarBuilder.create().dir("demo/").dir("demo/plugin.json/").tarGz(), 400, ErrorIds.MANIFEST,
                "must be a file");
    }

    // A42 [49]
    @Test
    void a42_manifestTooLargeOrTooDeep() {
        String huge = "{\"id\":\"demo\",\"description\":\"" + "a".repeat(70_000) + "\"}";
        rejects(TarBuilder.plugin("demo", huge).tarGz(), 400, ErrorIds.MANIFEST, "larger than 64 KiB");
        String deep = "{\"id\":\"demo\",\"props\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}";
        rejects(TarBuilder.plugin("demo", deep).tarGz(), 400, ErrorIds.MANIFEST, "not valid JSON");
    }

    // A43 [50]
    @Test
    void a43_manifestNotUtf8() {
        byte[] manifest = "{\"id\":\"demo\",\"name\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        rejects(TarBuilder.create().dir("demo/").file("demo/plugin.json", manifest).tarGz(), 400, ErrorIds.MANIFEST,
                "not valid UTF-8");
    }

    // A44 [51, 52]
    @Test
    void a44_duplicateKeysAndTrailingDocuments() {
        rejects(TarBuilder.plugin("demo", "{\"id\":\"demo\",\"id\":\"../../etc\"}").tarGz(), 400, ErrorIds.MANIFEST,
                "Duplicate field");
        rejects(TarBuilder.plugin("demo", manifest("demo", "2.0.0") + "{\"id\":\"other\"}").tarGz(), 400,
                ErrorIds.MANIFEST, "not valid JSON");
    }

    // A45 [53]
    @Test
    void a45_invalidIds() {
        for (String id : new String[] {"../x", "a/b", "..", "...", "CON", "x".repeat(300), "ab", ".hidden"}) {
            String json = "{\"id\":\"" + id + "\",\"version\":\"1.0.0\"}";
            rejects(TarBuilder.create().dir("bundle/").file("bundle/plugin.json", json).tarGz(), 400,
                    ErrorIds.INVALID_ID, "Plugin Id must be");
        }
        assertThat(ws.dataDir().resolve("plugins")).isDirectoryNotContaining("glob:**/x*");
    }

    // A46 [54]: Mattermost's layout rule; the manifest must be at the plugin root.
    @Test
    void a46_bundleLayout() {
        rejects(TarBuilder.create().dir("one/").file("one/plugin.json", manifest("demo", "2.0.0")).dir("two/")
                .tarGz(), 400, ErrorIds.MANIFEST, "manifest not found");
        rejects(demo().file("._demo", "macOS metadata").tarGz(), 400, ErrorIds.MANIFEST, "manifest not found");
    }

    // A47 [55]: a non-semver version is a warning (Mattermost installs it); a javascript: URL is refused.
    @Test
    void a47_manifestFieldChecks() {
        rejects(TarBuilder.plugin("demo", "{\"id\":\"demo\",\"version\":\"2.0.0\","
                + "\"homepage_url\":\"javascript:alert(1)\"}").tarGz(), 400, ErrorIds.MANIFEST,
                "manifest field invalid: homepage_url");
        rejects(TarBuilder.plugin("demo", "{\"id\":\"demo\",\"support_url\":\"data:text/html,x\"}").tarGz(), 400,
                ErrorIds.MANIFEST, "manifest field invalid: support_url");
        ws.install(TarBuilder.plugin("demo", "{\"id\":\"demo\",\"version\":\"version\"}").tarGz(), InstallMode.ALWAYS);
        assertThat(ws.plugins().list().get(0).plugin().warnings())
                .anyMatch(w -> w.contains("not a semantic version"));
    }

    // A50
    @Test
    void a50_snykZipSlipArchives() {
        byte[] slip = demo().file("demo/good.txt", "this is a good one\n")
                .file("../".repeat(40) + "tmp/evil.txt", "this is an evil one\n").tarGz();
        rejects(slip, 400, ErrorIds.EXTRACT, "unsafe path");
        byte[] slipWin = demo().file("demo/good.txt", "this is a good one\n")
                .file("..\\".repeat(40) + "Temp\\evil.txt", "this is an evil one\n").tarGz();
        rejects(slipWin, 400, ErrorIds.EXTRACT, "unsafe path");
        assertThat(ws.pluginsDir().resolve("demo/good.txt")).doesNotExist();
    }
}
