package io.pluginconsole.web.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.logs.LogReader;
import io.pluginconsole.logs.LogReads;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.web.Json;
import io.pluginconsole.web.TooBusy;
import java.util.List;

/**
 * {@code GET /api/v4/logs?page=&logs_per_page=}: Mattermost's route for system administrators. The
 * answer is a JSON array of raw log lines, oldest first within the page; page 0 holds the newest
 * lines. A page holds at most about {@value LogReader#PAGE_BYTES} bytes of lines (the newest that
 * fit), and at most {@value LogReads#MAX_AT_ONCE} reads of the log run at once; beyond that the
 * answer is 503 with Retry-After.
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
        if (!log.enabled()) {
            Json.send(ctx, 200, List.of());
            return;
        }
        List<String> lines;
        try (LogReads.Permit ignored = log.reads().tryStart().orElseThrow(LogsApi::busy)) {
            lines = log.reader().rawLines(page, perPage);
        }
        Json.send(ctx, 200, lines);
    }

    /** The refusal when the log is being read by as many requests as it may be at once. */
    static TooBusy busy() {
        return new TooBusy("api.system.logs.busy.app_error", "The server log is being read by "
                + LogReads.MAX_AT_ONCE + " other requests, the most allowed at once. Try again in "
                + LogReads.RETRY_AFTER_SECONDS + " seconds.", LogReads.RETRY_AFTER_SECONDS);
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
