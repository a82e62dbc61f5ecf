package io.pluginconsole.plugins;

/** The server is at a limit right now; the same request may succeed after {@link #retryAfterSeconds()}. */
public class RetryLaterException extends PluginException {
    private final int retryAfterSeconds;

    public RetryLaterException(String id, String message, String detail, int retryAfterSeconds) {
        super(id, Kind.UNAVAILABLE, message, detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
