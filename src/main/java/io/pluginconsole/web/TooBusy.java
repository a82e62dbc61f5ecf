package io.pluginconsole.web;

/** A request refused because too many like it are running; the answer is 503 with Retry-After. */
public final class TooBusy extends WebError {
    private final int retryAfterSeconds;

    public TooBusy(String id, String message, int retryAfterSeconds) {
        super(503, id, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
