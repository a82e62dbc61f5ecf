package io.pluginconsole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar and tar.gz bundles in test code, including the malformed ones a writer refuses. */
public final class TarBuilder {
    private interface Step {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Step> steps = new ArrayList<>();
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

    public static TarBuilder create() {
        return new TarBuilder();
    }

    /** A bundle {@code <id>/plugin.json} with the given manifest text. */
    public static TarBuilder plugin(String id, String manifestJson) {
        return create().dir(id + "/").file(id + "/plugin.json", manifestJson);
    }

    public static String manifest(String id, String version) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + " plugin\",\"version\":\"" + version + "\"}";
    }

    public TarBuilder gnuLongNames() {
        longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    public TarBuilder dir(String name) {
        return entry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR), null);
    }

    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarBuilder file(String name, byte[] content) {
        return file(name, content, 0644);
    }

    public TarBuilder file(String name, byte[] content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(mode | 0100000);
        entry.setSize(content.length);
        return entry(entry, content);
    }

    public TarBuilder link(String name, String target, byte flag) {
        TarArchiveEntry entry = new TarArchiveEntry(name, flag, true);
        entry.setLinkName(target);
        return entry(entry, null);
    }

    public TarBuilder special(String name, byte flag) {
        return entry(new TarArchiveEntry(name, flag, true), null);
    }

    /** An entry customised by the caller (PAX headers, modes, owners...). */
    public TarBuilder custom(String name, byte[] content, Consumer<TarArchiveEntry> customise) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        customise.accept(entry);
        return entry(entry, content);
    }

    /** A file of {@code size} bytes produced in chunks, never held whole in memory. */
    public TarBuilder generated(String name, long size, byte fill) {
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, fill);
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                tar.write(chunk, 0, n);
                left -= n;
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder entry(TarArchiveEntry entry, byte[] content) {
        steps.add(tar -> {
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    public TarBuilder raw(Consumer<TarArchiveOutputStream> action) {
        steps.add(action::accept);
        return this;
    }

    public byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTar(out);
        return out.toByteArray();
    }

    public byte[] tarGz() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTarGz(out);
        return out.toByteArray();
    }

    public Path tarGz(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTarGz(out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeTarGz(OutputStream out) {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            writeTar(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeTar(OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Step step : steps) {
                step.write(tar);
            }
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A raw 512-byte ustar header with a correct checksum, for headers no writer produces. */
    public static byte[] header(String name, char type, String octalSize) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, octalSize);
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        h[262] = 0;
        put(h, 263, "00");
        fixChecksum(h);
        return h;
    }

    public static void fixChecksum(byte[] h) {
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
    }

    private static void put(byte[] h, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
