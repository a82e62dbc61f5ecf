package io.pluginconsole.storage;

/** The file store could not do what was asked; the message says which object and why. */
public class FileStoreException extends RuntimeException {
    public FileStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public FileStoreException(String message) {
        super(message);
    }
}
