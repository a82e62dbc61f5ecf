package io.pluginconsole.auth;

/**
 * A refused sign-in or account change. The id is Mattermost's where it has one; the web layer
 * maps the kind to a status code.
 */
public class AuthException extends RuntimeException {
    public enum Kind { INVALID_CREDENTIALS, THROTTLED, BAD_INPUT, CONFLICT, NOT_FOUND, FORBIDDEN }

    private final String id;
    private final Kind kind;
    private final long retryAfterSeconds;

    public AuthException(String id, Kind kind, String message, long retryAfterSeconds) {
        super(message);
        this.id = id;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public AuthException(String id, Kind kind, String message) {
        this(id, kind, message, 0);
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
