package io.pluginconsole.plugins.bundle;

import io.pluginconsole.testing.TarBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Generates bundles an attacker could upload: archives of hostile names, entry types and modes,
 * and plain noise, gzipped or not. Many entries, and half of the archives, are harmless, so
 * that whole archives are also accepted and the unpacked tree gets checked, not only refusals.
 */
final class HostileBundles {
    static final List<String> PARTS = List.of("demo", "a", "A", "..", ".", "", "x.txt", "CON", "caf\u00e9",
            "cafe\u0301", "..\\x", "\0", "%2e", "trail ", "\u202e", "..file", "-dash", "b", "plugin.json",
            ".plugin-console.json", "\u0007");
    private static final List<String> HARMLESS_PARTS = List.of("demo", "a", "x.txt", "caf\u00e9", "..file",
            "-dash", "b", "plugin.json", "server", "webapp", "settings-schema.json");
    private static final byte[] TYPES = {TarConstants.LF_NORMAL, TarConstants.LF_DIR, TarConstants.LF_SYMLINK,
        TarConstants.LF_LINK, TarConstants.LF_FIFO, TarConstants.LF_CHR, TarConstants.LF_CONTIG};
    private static final int[] MODES = {0644, 0755, 06777, 0600, 0111};
    static final int MAX_ENTRIES = 12;
    static final int MAX_NOISE = 4096;

    /**
     * Limits small enough that the generated archives reach them. The unpacked-size cap counts the
     * whole tar stream (headers and the 10 KiB end padding included), so it must leave room for that.
     */
    static final BundleLimits TIGHT = new BundleLimits(16 * 1024, 24, 3, 24, 16, 2, 1024, 100.0,
            8L * 1024 * 1024, Duration.ofSeconds(120), 0);

    /** One bundle, the limits it is read under, and its number of tar entries (-1 when unknown). */
    record Case(String description, byte[] bytes, BundleLimits limits, int entries) {
    }

    private HostileBundles() {
    }

    /** Any of the kinds below; the fuzzer's first choice decides which. */
    static Case any(Choices choices) {
        return switch (choices.pick(3)) {
            case 0 -> archive(choices);
            case 1 -> noise(choices, false);
            default -> noise(choices, true);
        };
    }

    /** Random bytes, or random bytes gzipped, so that they reach the tar reader. */
    static Case noise(Choices choices, boolean gzipped) {
        // The limits first: the fuzzer's bytes take the rest of its input.
        BundleLimits limits = choices.flag() ? TIGHT : BundleLimits.defaults();
        byte[] noise = choices.bytes(MAX_NOISE);
        return new Case((gzipped ? "gzipped " : "") + noise.length + " random bytes",
                gzipped ? TarBuilder.gzip(noise) : noise, limits, -1);
    }

    /** A well-formed .tar.gz of generated entries, or null when the tar writer itself refuses them. */
    static Case archive(Choices choices) {
        BundleLimits limits = choices.flag() ? TIGHT : BundleLimits.defaults();
        int count = choices.pick(MAX_ENTRIES + 1);
        boolean allHarmless = choices.flag();
        TarBuilder builder = TarBuilder.create();
        List<String> described = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean harmless = allHarmless || choices.flag();
            String name = name(choices, harmless);
            byte type = harmless ? TYPES[choices.pick(2)] : TYPES[choices.pick(TYPES.length)];
            int mode = MODES[choices.pick(MODES.length)];
            byte[] content = choices.text(harmless ? 12 : 40).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            entry.setMode(mode);
            if (type == TarConstants.LF_NORMAL) {
                entry.setSize(content.length);
                builder.entry(entry, content);
            } else {
                if (type == TarConstants.LF_SYMLINK || type == TarConstants.LF_LINK) {
                    entry.setLinkName("../../outside/canary.txt");
                }
                builder.entry(entry, null);
            }
            described.add((char) type + " " + Integer.toOctalString(mode) + " " + BundleRejection.quote(name)
                    + " (" + content.length + " bytes)");
        }
        try {
            return new Case("archive " + described + (limits == TIGHT ? " under tight limits" : ""),
                    builder.tarGz(), limits, count);
        } catch (RuntimeException writerRefused) {
            return null;
        }
    }

    private static String name(Choices choices, boolean harmless) {
        List<String> parts = harmless ? HARMLESS_PARTS : PARTS;
        int depth = 1 + choices.pick(harmless ? 3 : 4);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            picked.add(parts.get(choices.pick(parts.size())));
        }
        String name = String.join("/", picked);
        if (harmless) {
            return choices.flag() ? name : "./" + name;
        }
        return switch (choices.pick(5)) {
            case 0 -> name;
            case 1 -> "/" + name;
            case 2 -> "./" + name;
            case 3 -> name + "/";
            default -> "../" + name;
        };
    }
}
