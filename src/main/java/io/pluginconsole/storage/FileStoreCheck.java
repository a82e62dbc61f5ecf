package io.pluginconsole.storage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the file store can be written now: a small object is written and deleted again, as
 * Mattermost's file store test does. A full disk, a missing folder or an unreachable bucket
 * all fail it.
 */
public final class FileStoreCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FileStoreCheck.class);
    static final String KEY = "health_check";

    private FileStoreCheck() {
    }

    public static boolean works(FileStore store) {
        byte[] probe = "ok".getBytes(StandardCharsets.US_ASCII);
        try {
            store.write(KEY, new ByteArrayInputStream(probe), probe.length);
            store.delete(KEY);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("File store check failed for {}: {}", store.describe(), e.getMessage());
            return false;
        }
    }
}
