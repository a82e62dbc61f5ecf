package io.pluginconsole.web;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.auth.AuthService;
import io.pluginconsole.auth.SetupToken;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.ListenAddress;
import io.pluginconsole.db.AuditLog;
import io.pluginconsole.db.Database;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.plugins.bundle.ServerVersion;
import io.pluginconsole.storage.FileStoreCheck;
import io.pluginconsole.web.api.ApiRoutes;
import io.pluginconsole.web.pluginroutes.PluginProxy;
import io.pluginconsole.web.pluginroutes.PluginRequests;
import io.pluginconsole.web.ui.AuthPages;
import io.pluginconsole.web.ui.ConsoleGate;
import io.pluginconsole.web.ui.ErrorPageFrame;
import io.pluginconsole.web.ui.Flash;
import io.pluginconsole.web.ui.LogsPage;
import io.pluginconsole.web.ui.PendingReviews;
import io.pluginconsole.web.ui.PluginManagementPage;
import io.pluginconsole.web.ui.PluginSettingsPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: headers every response carries, the setup gate, and the route table. */
public final class WebServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    private final Javalin app;
    private final AuthService auth;
    private final AtomicBoolean adminExists = new AtomicBoolean();

    public WebServer(PluginConsole console, AuthService auth, AuditLog auditLog, SetupToken setupToken,
                     EnvOverrides env, Path workingDir, ServerLogFile serverLog, Database database) {
        this.auth = auth;
        Config config = console.config().current();
        PageRenderer pages = new PageRenderer(workingDir.resolve("templates"));
        RequestAuth requestAuth = new RequestAuth(auth, console.config());
        Audit audit = new Audit(auditLog);
        ErrorMapper errors = new ErrorMapper(console.config(), pages,
                new ErrorPageFrame(console.plugins(), console.config(), requestAuth)::model);
        ApiRoutes api = new ApiRoutes(console.plugins(), auth, requestAuth, console.config(), audit, serverLog,
                database::works, () -> FileStoreCheck.works(console.store()));
        AuthPages authPages = new AuthPages(auth, requestAuth, setupToken, console.config(), pages, audit);
        Flash flash = new Flash();
        PluginManagementPage management = new PluginManagementPage(console.plugins(), console.config(), env,
                requestAuth, pages, flash, new PendingReviews(), audit);
        PluginSettingsPage pluginSettings = new PluginSettingsPage(console.plugins(), console.config(), requestAuth,
                pages, flash, audit);
        PluginRequests pluginRequests = new PluginRequests(console.plugins());
        PluginProxy pluginProxy = new PluginProxy(console.plugins(), requestAuth);
        LogsPage logs = new LogsPage(serverLog, console.plugins(), console.config(), requestAuth, pages);
        // Uploads are received here, never in the shared temp folder, even when it could not be created.
        Path uploads = config.serviceSettings().dataFolder(workingDir).resolve(".uploads");
        emptyFolder(uploads);
        privateFolder(uploads);
        Path assets = StaticAssets.folder(workingDir, config.serviceSettings().dataFolder(workingDir));
        // Unusable folders are start-up problems the console shows; the server starts without them.
        Path clientDir = privateFolder(workingDir.resolve(config.pluginSettings().clientDirectory()).toAbsolutePath()
                .normalize());
        long maxFile = config.fileSettings().maxFileSize();
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = Math.max(config.serviceSettings().maximumPayloadSizeBytes(), 1024);
            c.jetty.multipartConfig.cacheDirectory(uploads.toString());
            c.jetty.multipartConfig.maxFileSize(maxFile, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(maxFile + 1024 * 1024, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                if (assets != null) {
                    sf.directory = assets.toString();
                    sf.location = Location.EXTERNAL;
                } else {
                    sf.directory = "/static";
                    sf.location = Location.CLASSPATH;
                }
            });
            // Webapp bundles carry their content hash in their name, so they can be cached for a year.
            if (clientDir != null) {
                c.staticFiles.add(sf -> {
                    sf.hostedPath = "/static/plugins";
                    sf.directory = clientDir.toAbsolutePath().toString();
                    sf.location = Location.EXTERNAL;
                    sf.headers = java.util.Map.of("Cache-Control", "max-age=31556926, public");
                });
            }
            // Slow request bodies are bounded before anything else; requests for running plugins are
            // forwarded next, in front of the servlet context, so they pay for no servlet request
            // wrapping or route matching. The framework's context goes inside the innermost wrapper.
            c.jetty.modifyServer(server -> {
                SlowClientGuard guard = new SlowClientGuard(() -> console.config().current().limitSettings());
                guard.setHandler(pluginProxy);
                server.setHandler(guard);
            });
            c.routes.before(this::commonHeaders);
            c.routes.before(MultipartGate::check);
            c.routes.before(this::setupGate);
            new ConsoleGate(requestAuth).register(c.routes);
            errors.register(c.routes);
            api.register(c.routes);
            authPages.register(c.routes);
            management.register(c.routes);
            pluginSettings.register(c.routes);
            pluginRequests.register(c.routes);
            logs.register(c.routes);
        });
    }

    private void commonHeaders(Context ctx) {
        ctx.header("X-Request-Id", RequestIds.of(ctx));
        ctx.header("X-Version-Id", ServerVersion.COMPATIBLE + ".0.pluginconsole.false");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Permissions-Policy", "");
        // API responses carry no Cache-Control, as Mattermost's: its JS client (Client4) only takes the
        // server version from X-Version-Id when Cache-Control is absent. GETs are kept out of caches
        // by Expires: 0 instead.
        if (ctx.path().startsWith("/api/")) {
            if (ctx.method().name().equals("GET")) {
                ctx.header("Expires", "0");
            }
        } else if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** Until the first administrator exists, only the setup page (and ping) answer. */
    private void setupGate(Context ctx) {
        if (adminExists.get()) {
            return;
        }
        if (auth.adminExists()) {
            adminExists.set(true);
            return;
        }
        String path = ctx.path();
        if (path.equals("/setup") || path.startsWith("/static/") || path.equals("/api/v4/system/ping")) {
            return;
        }
        if (path.startsWith("/api/")) {
            throw new WebError(403, "api.setup.required.app_error",
                    "This server has no administrator yet. Open /setup in a browser, or run "
                            + "'plugin-console user create --system-admin', first.");
        }
        ctx.redirect("/setup", HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }

    /**
     * Removes what a previous run left in the folder: a server stopped mid-upload (killed, or out
     * of memory) never deletes its multipart files.
     */
    private static void emptyFolder(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(folder)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot empty the upload folder {}: {}", folder, e.getMessage());
        }
    }

    /** The folder, created private; null when it cannot be (the start-up checks have said why). */
    private static Path privateFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            return folder;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    public WebServer start(ListenAddress address) {
        app.start(address.host(), address.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
