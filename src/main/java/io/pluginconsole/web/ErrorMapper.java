package io.pluginconsole.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.AuthException;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginException;
import io.javalin.router.EndpointNotFound;
import io.pluginconsole.plugins.RetryLaterException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: Mattermost's AppError JSON for the API, an
 * error page for the console. Messages are fixed texts; internals go to the log only.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private final ConfigStore config;
    private final PageRenderer pages;
    private final Function<Context, Map<String, Object>> frame;

    /** {@code frame} adds the console's frame (sidebar) to the error page when it applies. */
    public ErrorMapper(ConfigStore config, PageRenderer pages, Function<Context, Map<String, Object>> frame) {
        this.config = config;
        this.pages = pages;
        this.frame = frame;
    }

    public void register(RoutesConfig routes) {
        routes.exception(PluginException.class, (e, ctx) -> {
            if (e instanceof RetryLaterException later) {
                ctx.header("Retry-After", String.valueOf(later.retryAfterSeconds()));
            }
            respond(ctx, ErrorStatus.of(e.kind()), e.id(), e.getMessage(), e.detail());
        });
        routes.exception(AuthException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            respond(ctx, status(e.kind()), e.id(), e.getMessage(), "");
        });
        // A save refused by the configuration store (e.g. config.json was hand-edited into an invalid state).
        routes.exception(io.pluginconsole.config.ConfigException.class, (e, ctx) -> respond(ctx, 400,
                "model.config.is_valid.app_error", e.getMessage(), ""));
        routes.exception(WebError.class, (e, ctx) -> {
            if (e instanceof TooBusy busy) {
                ctx.header("Retry-After", String.valueOf(busy.retryAfterSeconds()));
            }
            respond(ctx, e.status(), e.id(), e.getMessage(), e.detail());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (isTooLarge(e)) {
                respond(ctx, 413, "api.plugin.upload.file_too_large.app_error", "Bundle too large (max "
                        + humanSize(config.current().fileSettings().maxFileSize()) + "). Raise FileSettings.MaxFileSize "
                        + "in config.json to accept larger bundles.", "");
                return;
            }
            if (isBadMultipart(e)) {
                respond(ctx, 400, "api.plugin.upload.file.app_error",
                        "Malformed upload: send one file in the multipart field \"plugin\".", "");
                return;
            }
            if (clientWentAway(e)) {
                // The client closed the connection (or it was closed for sending its body too slowly):
                // nobody is left to answer, and it is not a server fault.
                LOG.info("Request {} {} ended early: the connection closed while its body was read", ctx.method(),
                        ctx.path());
                ctx.status(400);
                return;
            }
            LOG.error("Request {} {} failed (request id {})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
            respond(ctx, 500, "api.context.internal.app_error",
                    "An internal error occurred. The server log has the details under request id "
                            + RequestIds.of(ctx) + ".", "");
        });
        // Javalin's own "Endpoint GET /x not found" is plain text; the API answers Mattermost's JSON
        // and the console its error page, like every other failure.
        routes.exception(EndpointNotFound.class, (e, ctx) -> respond(ctx, 404, "api.context.404.app_error",
                "Sorry, we could not find the page.", "There is no route for " + ctx.method() + " " + ctx.path()));
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respond(ctx, 404, "api.context.404.app_error", "Sorry, we could not find the page.", "");
            }
        });
    }

    private void respond(Context ctx, int status, String id, String message, String detail) {
        drainSmallBody(ctx, status);
        if (ctx.path().startsWith("/api/")) {
            Json.send(ctx, status, appError(status, id, message,
                    config.current().serviceSettings().enableDeveloper() ? detail : "", RequestIds.of(ctx)));
        } else {
            ctx.status(status);
            Map<String, Object> model = new HashMap<>(frame.apply(ctx));
            model.put("view", new ErrorView(status, message));
            pages.render(ctx, "error", model);
        }
    }

    /**
     * A refused request's body is usually still on its way. Reading (and dropping) a small rest
     * lets the client read the answer on a clean connection instead of seeing it reset. When the
     * rest cannot be read (too large, or a parser gave up half-way), the answer says
     * {@code Connection: close}, so the client does not send its next request on a connection
     * the server is about to close.
     */
    private static void drainSmallBody(Context ctx, int status) {
        long declared = ctx.req().getContentLengthLong();
        boolean hasBody = declared > 0 || ctx.req().getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            return;
        }
        if (status == 413) {
            // A parser gave up on this body part-way; the connection's state is not worth trusting.
            ctx.header("Connection", "close");
            return;
        }
        if (declared > 0 && declared <= 1024 * 1024) {
            try {
                var in = ctx.req().getInputStream();
                in.skip(declared);
                if (in.isFinished()) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                // already read by a parser that failed, or the client went away
            }
        }
        ctx.header("Connection", "close");
    }

    /** Mattermost's AppError body. */
    private static Map<String, Object> appError(int status, String id, String message, String detail,
                                                String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("message", message);
        body.put("detailed_error", detail);
        body.put("request_id", requestId);
        body.put("status_code", status);
        return body;
    }

    /** The AppError JSON for answers given in front of the web framework (see {@link SlowClientGuard}). */
    static byte[] appErrorJson(int status, String id, String message, String requestId) {
        try {
            return Json.MAPPER.writeValueAsBytes(appError(status, id, message, "", requestId));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error", e);
        }
    }

    /** The view of the console's error page. */
    public record ErrorView(int status, String message) {
    }

    private static int status(AuthException.Kind kind) {
        return switch (kind) {
            case INVALID_CREDENTIALS -> 401;
            case THROTTLED -> 429;
            case BAD_INPUT, CONFLICT -> 400;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
        };
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("max file size exceeded") || m.contains("max request size exceeded")
                    || m.contains("Request entity too large") || m.contains("exceeds max")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isBadMultipart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("multipart") || t.getClass().getName().contains("BadMessage")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String humanSize(long bytes) {
        return io.pluginconsole.plugins.install.BundleStager.humanSize(bytes);
    }
}
