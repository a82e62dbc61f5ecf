package io.pluginconsole.web;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * Multipart bodies are written to disk as they are parsed, so only the two upload routes take
 * them, and those authenticate (and check CSRF) before reading the body. Every other route
 * refuses a multipart body before anything reads it; otherwise an anonymous request to any
 * form route could fill the disk. Requests for plugins are forwarded to them unread.
 */
final class MultipartGate {
    static final Set<String> UPLOAD_ROUTES = Set.of("/api/v4/plugins", "/admin_console/plugins/plugin_management/upload");

    private MultipartGate() {
    }

    static void check(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return;
        }
        String path = ctx.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (ctx.method().name().equals("POST") && UPLOAD_ROUTES.contains(path) || path.startsWith("/plugins/")) {
            return;
        }
        throw new WebError(415, "api.context.multipart_not_accepted.app_error",
                "This address does not accept multipart/form-data: only plugin uploads do. Send the form as "
                        + "application/x-www-form-urlencoded (or JSON for the API).", "path " + path);
    }
}
