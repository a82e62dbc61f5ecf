package io.pluginconsole.web.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.web.Json;
import java.util.List;

/**
 * {@code GET /api/v4/logs?page=&logs_per_page=}: Mattermost's route for system administrators. The
 * answer is a JSON array of raw log lines, oldest first within the page; page 0 holds the newest
 * lines.
 */
final class LogsApi {
    static final int DEFAULT_PER_PAGE = 10_000;

    private final ServerLogFile log;
    private final ApiGuard guard;

    LogsApi(ServerLogFile log, ApiGuard guard) {
        this.log = log;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v4/logs", this::logs);
    }

    private void logs(Context ctx) {
        Principal principal = guard.session(ctx);
        ApiGuard.admin(principal);
        int page = Math.max(0, intParam(ctx, "page", 0));
        int perPage = Math.max(1, Math.min(DEFAULT_PER_PAGE, intParam(ctx, "logs_per_page", DEFAULT_PER_PAGE)));
        List<String> lines = log.enabled() ? log.reader().rawLines(page, perPage) : List.of();
        Json.send(ctx, 200, lines);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
