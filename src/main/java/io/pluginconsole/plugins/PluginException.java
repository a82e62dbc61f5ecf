package io.pluginconsole.plugins;

/**
 * A plugin operation that failed for a reason the administrator can act on. The id is
 * Mattermost's error id where Mattermost has one for the same condition, so clients that branch
 * on it (the console's overwrite dialog, scripts) behave the same. The message says what was
 * wrong and what to do; the detail carries specifics for logs and developer mode.
 */
public class PluginException extends RuntimeException {

    /** What kind of failure this is; the web layer maps kinds to status codes. */
    public enum Kind {
        BAD_INPUT, NOT_FOUND, CONFLICT, TOO_LARGE, UNSUPPORTED_MEDIA, DISABLED, FORBIDDEN,
        INSUFFICIENT_STORAGE, BUSY, UNAVAILABLE, UPSTREAM, TIMEOUT, INTERNAL
    }

    private final String id;
    private final Kind kind;
    private final String detail;

    public PluginException(String id, Kind kind, String message, String detail, Throwable cause) {
        super(message, cause);
        this.id = id;
        this.kind = kind;
        this.detail = detail == null ? "" : detail;
    }

    public PluginException(String id, Kind kind, String message) {
        this(id, kind, message, "", null);
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String detail() {
        return detail;
    }
}
