package io.pluginconsole.web.ui;

import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.WebError;
import java.util.Optional;

/** Console pages need a signed-in system administrator with a browser session. */
final class PageSession {
    private final RequestAuth auth;

    PageSession(RequestAuth auth) {
        this.auth = auth;
    }

    /** The administrator, or empty after a redirect to the sign-in page was sent. */
    Optional<Principal> admin(Context ctx) {
        Optional<Principal> principal = auth.resolve(ctx).filter(p -> p.session() != null);
        if (principal.isEmpty()) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8),
                    io.javalin.http.HttpStatus.SEE_OTHER);
            return Optional.empty();
        }
        if (!principal.get().isSystemAdmin()) {
            throw new WebError(403, "api.context.permissions.app_error",
                    "Permission denied: only system administrators can open the System Console.");
        }
        return principal;
    }
}
