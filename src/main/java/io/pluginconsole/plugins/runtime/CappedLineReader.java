package io.pluginconsole.plugins.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a plugin's output into lines of at most {@code maxBytes} bytes. The stream is read in
 * fixed chunks and the rest of an over-long line is read and dropped (and counted), so memory
 * does not grow with the line and the pipe keeps draining: the plugin never blocks on a full pipe.
 * A truncated line is cut at a character boundary (UTF-8).
 */
final class CappedLineReader {
    /** One line without its line break; {@code dropped} bytes of it were left out. */
    record Line(String text, long dropped) {
    }

    private final InputStream in;
    private final byte[] chunk = new byte[16 * 1024];
    private final byte[] line;
    private int position;
    private int limit;
    private int length;
    private long dropped;
    private boolean pending;

    CappedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.line = new byte[maxBytes];
    }

    /** The next line, or null at the end of the stream. A last line without a line break counts. */
    Line next() throws IOException {
        while (true) {
            if (position == limit) {
                limit = in.read(chunk);
                position = 0;
                if (limit < 0) {
                    limit = 0;
                    return pending ? finish() : null;
                }
            }
            int end = position;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            keep(position, end);
            if (end < limit) {
                position = end + 1;
                return finish();
            }
            position = limit;
        }
    }

    private void keep(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        pending = true;
        int room = Math.min(n, line.length - length);
        System.arraycopy(chunk, from, line, length, room);
        length += room;
        dropped += n - room;
    }

    private Line finish() {
        int end = length;
        if (dropped == 0 && end > 0 && line[end - 1] == '\r') {
            end--;
        }
        long left = dropped;
        if (left > 0) {
            int whole = wholeCharacters(end);
            left += end - whole;
            end = whole;
        }
        Line result = new Line(new String(line, 0, end, StandardCharsets.UTF_8), left);
        length = 0;
        dropped = 0;
        pending = false;
        return result;
    }

    /** The length of line[0, end) without a multi-byte character cut off at its end. */
    private int wholeCharacters(int end) {
        int start = end;
        while (start > 0 && end - start < 4 && (line[start - 1] & 0xC0) == 0x80) {
            start--;
        }
        if (start == 0) {
            return end;
        }
        int lead = line[start - 1] & 0xFF;
        int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        int have = end - (start - 1);
        return size > have ? start - 1 : end;
    }
}
