package io.pluginconsole.web;

/** A request refused by the web layer itself (authentication, CSRF, routing, input shape). */
public class WebError extends RuntimeException {
    private final int status;
    private final String id;
    private final String detail;

    public WebError(int status, String id, String message, String detail) {
        super(message);
        this.status = status;
        this.id = id;
        this.detail = detail == null ? "" : detail;
    }

    public WebError(int status, String id, String message) {
        this(status, id, message, "");
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public String detail() {
        return detail;
    }

    public static WebError sessionExpired(String detail) {
        return new WebError(401, "api.context.session_expired.app_error",
                "Invalid or expired session, please login again.", detail);
    }

    public static WebError forbidden() {
        return new WebError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.",
                "permission=sysconsole_write_plugins");
    }

    public static WebError notFound() {
        return new WebError(404, "api.context.404.app_error", "Sorry, we could not find the page.");
    }
}
