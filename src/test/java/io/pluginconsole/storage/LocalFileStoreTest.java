package io.pluginconsole.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContract {
    @TempDir
    Path root;

    @Override
    protected FileStore newStore() {
        return new LocalFileStore(root);
    }
}
