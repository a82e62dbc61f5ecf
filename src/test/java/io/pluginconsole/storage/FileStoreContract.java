package io.pluginconsole.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link FileStore} must do; each store's test class runs all of it against a fresh store. */
abstract class FileStoreContract {
    static final int MIB = 1024 * 1024;
    static final String BUNDLE = "plugins/demo.tar.gz";

    protected FileStore store;

    /** A new, empty store; called before each test. */
    protected abstract FileStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @Test
    void writtenObjectReadsBack() throws IOException {
        write(BUNDLE, "bundle v1");

        assertThat(read(BUNDLE)).isEqualTo("bundle v1");
    }

    @Test
    void localFileIsStoredAndStaysIndependentOfTheSource(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("staged.tar.gz"), "staged bytes");
        write(BUNDLE, "old");

        store.writeFile(BUNDLE, file);
        java.nio.file.Files.delete(file);

        assertThat(read(BUNDLE)).isEqualTo("staged bytes");
        assertThat(store.size(BUNDLE)).isEqualTo(12);
    }

    @Test
    void emptyObjectReadsBack() throws IOException {
        store.write(BUNDLE, InputStream.nullInputStream(), 0);

        assertThat(read(BUNDLE)).isEmpty();
        assertThat(store.size(BUNDLE)).isZero();
    }

    @Test
    void writeReplacesExistingObject() throws IOException {
        write(BUNDLE, "bundle v1");
        write(BUNDLE, "bundle v2, longer");

        assertThat(read(BUNDLE)).isEqualTo("bundle v2, longer");
    }

    @Test
    void existsAndSizeDescribeStoredObjects() {
        assertThat(store.exists(BUNDLE)).isFalse();

        write(BUNDLE, "12345");

        assertThat(store.exists(BUNDLE)).isTrue();
        assertThat(store.size(BUNDLE)).isEqualTo(5);
        assertThat(store.exists("plugins")).isFalse();
    }

    @Test
    void sizeOfMissingObjectFails() {
        assertThatThrownBy(() -> store.size(BUNDLE))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining(BUNDLE);
    }

    @Test
    void listReturnsSortedKeysBelowPrefixOnly() {
        write("plugins/b.tar.gz", "b");
        write("plugins/a.tar.gz", "a");
        write("plugins/sub/c.tar.gz", "c");
        write("plugins-old/x.tar.gz", "x");
        write("other/y.txt", "y");

        assertThat(store.list("plugins/"))
                .containsExactly("plugins/a.tar.gz", "plugins/b.tar.gz", "plugins/sub/c.tar.gz");
        assertThat(store.list("plugins"))
                .containsExactly("plugins/a.tar.gz", "plugins/b.tar.gz", "plugins/sub/c.tar.gz");
        assertThat(store.list("")).containsExactly("other/y.txt", "plugins-old/x.tar.gz", "plugins/a.tar.gz",
                "plugins/b.tar.gz", "plugins/sub/c.tar.gz");
        assertThat(store.list("missing/")).isEmpty();
    }

    @Test
    void deleteRemovesObjectAndIgnoresMissingKeys() {
        write(BUNDLE, "bundle");

        store.delete(BUNDLE);
        store.delete(BUNDLE);
        store.delete("plugins/never-written.tar.gz");

        assertThat(store.exists(BUNDLE)).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void readOfMissingObjectFails() {
        assertThatThrownBy(() -> store.read(BUNDLE))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining(BUNDLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a//b", "a\\b", "plugins/../../x"})
    void invalidKeysAreRejectedAndNothingIsWritten(String key) {
        assertThatThrownBy(() -> store.write(key, content("evil"), 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.list("")).isEmpty();
    }

    /** Sizes around the 8 MiB part boundary and a 40 MiB upload, each with a declared and an unknown length. */
    @ParameterizedTest(name = "{0} bytes, length declared: {1}")
    @CsvSource({"41943040, true", "41943040, false", "8388608, true", "8388608, false", "8388609, false"})
    void largeObjectIsStreamedBothWays(long size, boolean declared) throws IOException {
        store.write(BUNDLE, GeneratedContent.of(size), declared ? size : -1);

        assertThat(store.size(BUNDLE)).isEqualTo(size);
        try (InputStream in = store.read(BUNDLE)) {
            assertThat(GeneratedContent.sha256(in)).isEqualTo(GeneratedContent.sha256(size));
        }
    }

    /** A browser that drops the connection: early, and after more than one part has been sent. */
    @ParameterizedTest(name = "fails after {0} bytes")
    @ValueSource(ints = {1000, 10 * MIB, 17 * MIB})
    void failingStreamLeavesStoredObjectUnchanged(int failAfter) throws IOException {
        write(BUNDLE, "bundle v1");

        assertThatThrownBy(() -> store.write(BUNDLE, GeneratedContent.failingAfter(failAfter), -1))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining(BUNDLE);

        assertThat(read(BUNDLE)).isEqualTo("bundle v1");
        assertThat(store.list("")).containsExactly(BUNDLE);
    }

    @ParameterizedTest(name = "declared {0}, sent {1}")
    @CsvSource({"100, 50", "50, 100", "0, 1", "8388608, 8388609", "12582912, 9437184", "9437184, 12582912"})
    void lengthMismatchLeavesStoredObjectUnchanged(long declared, long sent) throws IOException {
        write(BUNDLE, "bundle v1");

        assertThatThrownBy(() -> store.write(BUNDLE, GeneratedContent.of(sent), declared))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining(BUNDLE)
                .hasMessageContaining(String.valueOf(declared));

        assertThat(read(BUNDLE)).isEqualTo("bundle v1");
        assertThat(store.list("")).containsExactly(BUNDLE);
    }

    @Test
    void describeNamesTheStore() {
        assertThat(store.describe()).isNotBlank();
    }

    void write(String key, String text) {
        write(store, key, text);
    }

    String read(String key) throws IOException {
        return read(store, key);
    }

    static void write(FileStore store, String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.write(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    static String read(FileStore store, String key) throws IOException {
        try (InputStream in = store.read(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static InputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
