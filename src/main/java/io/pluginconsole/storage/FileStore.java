package io.pluginconsole.storage;

import java.io.InputStream;
import java.util.List;

/**
 * Where uploaded bundles are kept: a local folder or an S3 bucket. Keys are relative,
 * slash-separated paths such as {@code plugins/demo.tar.gz}. Every method streams; none holds
 * a whole object in memory. Failures are {@link FileStoreException}s that say what to check.
 */
public interface FileStore {

    /** Stores {@code length} bytes from {@code content} under {@code key}, replacing any object. */
    void write(String key, InputStream content, long length);

    /** Stores a local file under {@code key}; stores on the same disk may avoid copying it. */
    default void writeFile(String key, java.nio.file.Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            write(key, in, java.nio.file.Files.size(file));
        } catch (java.io.IOException e) {
            throw new FileStoreException("Cannot read " + file + " to store it as " + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens the object for reading; the caller closes the stream. */
    InputStream read(String key);

    boolean exists(String key);

    /** Size in bytes of an existing object. */
    long size(String key);

    /** Keys of the objects directly or indirectly below {@code prefix} (e.g. "plugins/"), sorted. */
    List<String> list(String prefix);

    /** Deletes the object; deleting a missing key is not an error. */
    void delete(String key);

    /** A short description for messages, e.g. "local folder /srv/data" or "S3 bucket b". */
    String describe();
}
