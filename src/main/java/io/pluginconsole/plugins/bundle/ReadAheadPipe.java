package io.pluginconsole.plugins.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a second thread into a few fixed chunks, so that inflating a bundle and
 * writing its files happen at the same time (as tar and gzip do as two processes). The reader
 * side takes whole chunks, so a small read costs no locking. The chunks are reused and at most
 * {@code chunks} are ahead of the reader, which keeps memory fixed and lets the limits
 * downstream act in time.
 */
final class ReadAheadPipe extends InputStream {
    private static final byte[] END = new byte[0];
    private static final int CHUNK = 64 * 1024;

    private final BlockingQueue<byte[]> full;
    private final BlockingQueue<byte[]> empty;
    private final InputStream source;
    private final Thread producer;
    private volatile IOException failure;
    private volatile boolean closed;
    private byte[] current = END;
    private int position;
    private int limit;
    private boolean ended;

    ReadAheadPipe(InputStream source, int chunks) {
        this.source = source;
        this.full = new ArrayBlockingQueue<>(chunks + 1);
        this.empty = new ArrayBlockingQueue<>(chunks + 1);
        for (int i = 0; i < chunks; i++) {
            empty.add(new byte[CHUNK + 4]);
        }
        this.producer = new Thread(this::produce, "bundle-inflater");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (!closed) {
                byte[] chunk = empty.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    continue;
                }
                int filled = 0;
                int n = 0;
                while (filled < CHUNK && (n = source.read(chunk, 4 + filled, CHUNK - filled)) > 0) {
                    filled += n;
                }
                if (filled > 0) {
                    chunk[0] = (byte) (filled >>> 24);
                    chunk[1] = (byte) (filled >>> 16);
                    chunk[2] = (byte) (filled >>> 8);
                    chunk[3] = (byte) filled;
                    if (!offer(chunk)) {
                        return;
                    }
                }
                if (n < 0 || filled == 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            return;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        offer(END);
    }

    private boolean offer(byte[] chunk) {
        try {
            while (!closed) {
                if (full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        try {
            byte[] chunk = full.take();
            if (current.length > 0) {
                empty.offer(current); // the chunk just read is free for the next fill
            }
            if (chunk == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
            current = chunk;
            position = 4;
            limit = 4 + (((chunk[0] & 0xff) << 24) | ((chunk[1] & 0xff) << 16) | ((chunk[2] & 0xff) << 8)
                    | (chunk[3] & 0xff));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while unpacking");
        }
    }

    @Override
    public int read() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        full.clear();
        producer.interrupt();
        source.close();
    }
}
