package io.pluginconsole.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.WebError;

/**
 * The one check every console form post passes before its handler runs: the request comes from
 * this origin, a signed-in system administrator with a browser session sent it, and it carries
 * that session's CSRF token. Handlers read the administrator with {@link #administrator}.
 *
 * <p>Which posts it covers is decided here only: every POST route under {@code /admin_console/},
 * and {@code /logout} (any signed-in user, not only administrators). The upload route's body is
 * multipart and is not parsed before the check, so its token travels in the query string. The
 * sign-in and setup forms have no session yet; they check their own pre-session token
 * (MMLOGINCSRF) in {@link AuthPages}. The REST API keeps Mattermost's order of checks in web/api.
 */
public final class ConsoleGate {
    static final String CONSOLE_PREFIX = "/admin_console/";
    static final String UPLOAD_PATH = PluginManagementPage.PATH + "/upload";
    static final String LOGOUT_PATH = "/logout";
    private static final String ADMINISTRATOR = "pc.consoleAdministrator";

    private final RequestAuth auth;

    public ConsoleGate(RequestAuth auth) {
        this.auth = auth;
    }

    /** Runs only for requests that matched a route, so an unknown address still answers 404. */
    public void register(RoutesConfig routes) {
        routes.beforeMatched(this::check);
    }

    /** The administrator the gate let through; only console form post handlers call this. */
    static Principal administrator(Context ctx) {
        Principal principal = ctx.attribute(ADMINISTRATOR);
        if (principal == null) {
            throw new IllegalStateException(ctx.path() + " is not a console form post checked by ConsoleGate");
        }
        return principal;
    }

    private void check(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String path = withoutTrailingSlash(ctx.path());
        if (path.equals(LOGOUT_PATH)) {
            checkLogout(ctx);
        } else if (path.startsWith(CONSOLE_PREFIX)) {
            Principal principal = signedInAdministrator(ctx);
            String submitted = path.equals(UPLOAD_PATH) ? ctx.queryParam("csrf") : ctx.formParam("csrf");
            RequestAuth.checkFormCsrf(ctx, principal.session().csrfToken(), submitted);
            ctx.attribute(ADMINISTRATOR, principal);
        }
    }

    /** Signing out needs the session's token when there is a session; without one there is nothing to end. */
    private void checkLogout(Context ctx) {
        auth.resolve(ctx).ifPresent(principal -> RequestAuth.checkFormCsrf(ctx,
                principal.session() == null ? null : principal.session().csrfToken(), ctx.formParam("csrf")));
    }

    /** A foreign origin is refused before anything else, then a caller without a console session. */
    private Principal signedInAdministrator(Context ctx) {
        RequestAuth.checkOrigin(ctx);
        Principal principal = auth.resolve(ctx).filter(p -> p.session() != null)
                .orElseThrow(() -> new WebError(403, "api.context.csrf.app_error",
                        "Request could not be verified. Sign in and try again."));
        if (!principal.isSystemAdmin()) {
            throw new WebError(403, "api.context.permissions.app_error",
                    "Permission denied: only system administrators can change plugins.");
        }
        return principal;
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
