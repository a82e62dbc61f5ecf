package io.pluginconsole.cli;

/**
 * A request the server refused, with the AppError's status, id and message, or one that never
 * got an answer (status 0). The message is always fit to print after "Error: ".
 */
final class ServerException extends RuntimeException {
    private final int status;
    private final String id;

    ServerException(int status, String id, String message) {
        super(message);
        this.status = status;
        this.id = id == null ? "" : id;
    }

    int status() {
        return status;
    }

    String id() {
        return id;
    }
}
