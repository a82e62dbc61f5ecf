package io.pluginconsole.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.logs.LogEntry;
import io.pluginconsole.logs.LogLevels;
import io.pluginconsole.logs.LogPage;
import io.pluginconsole.logs.LogQuery;
import io.pluginconsole.logs.LogReads;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.web.PageRenderer;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.TooBusy;
import io.pluginconsole.web.WebError;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * System Console > Reporting > Server Logs: the server's log file, newest first, filtered by
 * minimum level, plugin id and text, a page at a time, with a download of the current file. Long
 * messages are shortened for display so a page stays near {@link io.pluginconsole.logs.LogReader#PAGE_BYTES};
 * when {@value LogReads#MAX_AT_ONCE} reads of the log are already running the page answers 503 and
 * says to try again.
 */
public final class LogsPage {
    static final String PATH = "/admin_console/reporting/server_logs";
    static final int PER_PAGE = 100;

    private final ServerLogFile log;
    private final PluginService plugins;
    private final PageSession session;
    private final PageRenderer pages;
    private final ConsoleChrome chrome;

    public LogsPage(ServerLogFile log, PluginService plugins, ConfigStore config, RequestAuth auth,
                    PageRenderer pages) {
        this.log = log;
        this.plugins = plugins;
        this.session = new PageSession(auth);
        this.pages = pages;
        this.chrome = new ConsoleChrome(plugins, config);
    }

    public void register(RoutesConfig routes) {
        routes.get(PATH, this::show);
        routes.get(PATH + "/download", this::download);
    }

    private void show(Context ctx) {
        Optional<Principal> admin = session.admin(ctx);
        if (admin.isEmpty()) {
            return;
        }
        Principal principal = admin.get();
        LogQuery query = new LogQuery(param(ctx, "level"), param(ctx, "plugin_id"), param(ctx, "q"),
                intParam(ctx, "page", 0), intParam(ctx, "per_page", PER_PAGE));
        LogPage page = log.enabled() ? read(query) : null;
        List<LogsView.Row> rows = new ArrayList<>();
        if (page != null) {
            page.entries().forEach(e -> rows.add(row(e)));
        }
        String emptyText = !log.enabled()
                ? "The server log is not written to a file. Set LogSettings.EnableFile to true (and "
                        + "LogSettings.FileLocation to a writable folder) in the configuration, then restart the server."
                : rows.isEmpty() && query.matchesAll() && query.page() == 0 ? "The log is empty."
                : rows.isEmpty() ? "No log entries match the filters." : "";
        LogsView view = new LogsView(principal.session().csrfToken(), principal.user().username(),
                StartupProblemView.of(plugins.startupProblems()), log.enabled(), log.file().toString(),
                query.minLevel(), query.pluginId(), query.text(), levels(query.minLevel()), rows,
                query.page() + 1, query.perPage(),
                page != null && page.hasNewer() ? href(query, query.page() - 1) : null,
                page != null && page.hasOlder() ? href(query, query.page() + 1) : null,
                page == null ? 0 : page.unreadable(), PATH + "/download", emptyText);
        pages.render(ctx, "logs/server_logs", Map.of("view", view, "chrome", chrome.view(PATH)));
    }

    private LogPage read(LogQuery query) {
        try (LogReads.Permit ignored = log.reads().tryStart().orElseThrow(() -> new TooBusy(
                "api.system.logs.busy.app_error", "The server log is being read by " + LogReads.MAX_AT_ONCE
                + " other requests, the most allowed at once. Reload this page in a few seconds.",
                LogReads.RETRY_AFTER_SECONDS))) {
            return log.reader().read(query);
        }
    }

    /** The current log file as it is now (lines appended meanwhile are left out). */
    private void download(Context ctx) throws IOException {
        if (session.admin(ctx).isEmpty()) {
            return;
        }
        if (!log.enabled() || !Files.isRegularFile(log.file())) {
            throw new WebError(404, "api.system.logs.no_file.app_error", "There is no log file to download: "
                    + (log.enabled() ? log.file() + " does not exist yet." : "the server log is not written to a file."));
        }
        long size = Files.size(log.file());
        InputStream content = BoundedInputStream.builder().setPath(log.file()).setMaxCount(size).get();
        ctx.header("Content-Disposition", "attachment; filename=\"" + ServerLogFile.FILE_NAME + "\"");
        ctx.contentType("application/x-ndjson; charset=utf-8");
        ctx.result(content);
    }

    private static LogsView.Row row(LogEntry e) {
        String origin = !e.source().isEmpty() ? e.source()
                : e.logger().substring(e.logger().lastIndexOf('.') + 1);
        String kind = switch (e.level()) {
            case "ERROR" -> "danger";
            case "WARN" -> "warning";
            case "INFO" -> "info";
            default -> "muted";
        };
        return new LogsView.Row(e.timestamp().replace('T', ' '), e.level(), kind, e.pluginId(), origin, e.logger(),
                e.message(), e.exception());
    }

    private static List<LogsView.LevelOption> levels(String selected) {
        List<LogsView.LevelOption> options = new ArrayList<>();
        options.add(new LogsView.LevelOption("", "Any level", selected.isEmpty()));
        List<String> all = LogLevels.ALL;
        for (int i = all.size() - 1; i >= 0; i--) {
            String level = all.get(i);
            options.add(new LogsView.LevelOption(level, i == all.size() - 1 ? level : level + " and above",
                    level.equals(selected)));
        }
        return options;
    }

    /** This page with the same filters, at another page number. */
    static String href(LogQuery query, int page) {
        StringBuilder href = new StringBuilder(PATH).append("?page=").append(page);
        append(href, "level", query.minLevel());
        append(href, "plugin_id", query.pluginId());
        append(href, "q", query.text());
        if (query.perPage() != PER_PAGE) {
            href.append("&per_page=").append(query.perPage());
        }
        return href.toString();
    }

    private static void append(StringBuilder href, String name, String value) {
        if (!value.isEmpty()) {
            href.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value;
    }

    private static int intParam(Context ctx, String name, int fallback) {
        try {
            return Integer.parseInt(param(ctx, name).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
