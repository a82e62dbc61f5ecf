package io.pluginconsole.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Test content of any size produced on the fly, so large uploads never sit in a byte array. Each byte
 * depends only on its position, so the same content can be produced twice to compute its digest.
 * Optionally fails with an IOException after a given number of bytes, like a dropped upload.
 */
final class GeneratedContent extends InputStream {
    private final long length;
    private final long failAfter;
    private long position;

    private GeneratedContent(long length, long failAfter) {
        this.length = length;
        this.failAfter = failAfter;
    }

    static GeneratedContent of(long length) {
        return new GeneratedContent(length, -1);
    }

    static GeneratedContent failingAfter(long bytes) {
        return new GeneratedContent(Long.MAX_VALUE, bytes);
    }

    static String sha256(long length) throws IOException {
        return sha256(of(length));
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[64 * 1024];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                digest.update(chunk, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (failAfter >= 0 && position >= failAfter) {
            throw new IOException("connection reset by the uploading browser");
        }
        if (position >= length) {
            return -1;
        }
        long limit = failAfter >= 0 ? failAfter : length;
        int n = (int) Math.min(count, limit - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = byteAt(position + i);
        }
        position += n;
        return n;
    }

    private static byte byteAt(long position) {
        long mixed = position * 0x9E3779B97F4A7C15L;
        return (byte) ((mixed ^ (mixed >>> 29)) >>> 24);
    }
}
