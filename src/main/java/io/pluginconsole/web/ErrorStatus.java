package io.pluginconsole.web;

import io.pluginconsole.plugins.PluginException;

/** The one mapping from failure kinds to HTTP status codes. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    public static int of(PluginException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT, BUSY -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA -> 415;
            case DISABLED -> 501;
            case FORBIDDEN -> 403;
            case INSUFFICIENT_STORAGE -> 507;
            case UNAVAILABLE -> 503;
            case UPSTREAM, INTERNAL -> 500;
            case TIMEOUT -> 504;
        };
    }
}
