package io.pluginconsole.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file's lines from the last to the first, a block at a time, so memory use depends on
 * the block and the longest line kept, never on the file. Lines longer than {@code maxLine}
 * bytes come back as {@link #TOO_LONG}. Reads stop at the size the file had when opened, so a
 * line being appended meanwhile is not read half-written.
 */
final class ReverseLines implements Closeable {
    static final String TOO_LONG = "\u0000too long";
    private static final int BLOCK = 64 * 1024;

    private final FileChannel channel;
    private final int maxLine;
    private final ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
    /** File offset of the first byte of {@link #block}. */
    private long blockStart;
    private byte[] block = new byte[0];
    /** End (exclusive) of the unread part of {@link #block}. */
    private int end;
    /** Bytes of the current line that came from later blocks. */
    private byte[] tail = new byte[0];
    private boolean overlong;
    private boolean done;

    ReverseLines(Path file, int maxLine) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.maxLine = maxLine;
        this.blockStart = channel.size();
    }

    /** The previous line without its line break, or null at the start of the file. */
    String previous() throws IOException {
        while (!done) {
            for (int i = end - 1; i >= 0; i--) {
                if (block[i] == '\n') {
                    String line = take(i + 1, end);
                    end = i;
                    if (line != null) {
                        return line;
                    }
                }
            }
            // No line break left in this block: keep its start as the end of the line and read on.
            keep(0, end);
            end = 0;
            if (blockStart == 0) {
                done = true;
                String line = take(0, 0);
                if (line != null) {
                    return line;
                }
                break;
            }
            readBlock();
        }
        return null;
    }

    /** The line made of block[from, to) and the tail; null for an empty line. */
    private String take(int from, int to) {
        keep(from, to);
        boolean tooLong = overlong;
        byte[] bytes = tail;
        tail = new byte[0];
        overlong = false;
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (tooLong) {
            return TOO_LONG;
        }
        if (length == 0) {
            return null;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void keep(int from, int to) {
        int n = to - from;
        if (n == 0 || overlong) {
            return;
        }
        if (tail.length + n > maxLine) {
            overlong = true;
            tail = new byte[0];
            return;
        }
        byte[] joined = Arrays.copyOf(Arrays.copyOfRange(block, from, to), n + tail.length);
        System.arraycopy(tail, 0, joined, n, tail.length);
        tail = joined;
    }

    private void readBlock() throws IOException {
        int size = (int) Math.min(BLOCK, blockStart);
        blockStart -= size;
        buffer.clear().limit(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, blockStart + buffer.position()) < 0) {
                break;
            }
        }
        block = Arrays.copyOf(buffer.array(), buffer.position());
        end = block.length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
