package io.pluginconsole.web;

import io.javalin.http.Context;
import io.pluginconsole.auth.AuthService;
import io.pluginconsole.auth.Ids;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigStore;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds who is calling (Mattermost's token order: the MMAUTHTOKEN cookie wins over an
 * Authorization header) and checks CSRF for cookie-authenticated changes. Header-authenticated
 * calls (scripts, mmctl) are never CSRF-checked, as in Mattermost.
 */
public final class RequestAuth {
    public static final String COOKIE_TOKEN = "MMAUTHTOKEN";
    public static final String COOKIE_USER = "MMUSERID";
    public static final String COOKIE_CSRF = "MMCSRF";
    private static final String PRINCIPAL = "pc.principal";
    private static final String FROM_COOKIE = "pc.fromCookie";

    private final AuthService auth;
    private final ConfigStore config;
    private volatile boolean adminExists;

    public RequestAuth(AuthService auth, ConfigStore config) {
        this.auth = auth;
        this.config = config;
    }

    /** Resolves the caller once per request and remembers it on the context. */
    public Optional<Principal> resolve(Context ctx) {
        if (ctx.attribute(FROM_COOKIE) != null) {
            return Optional.ofNullable(ctx.attribute(PRINCIPAL));
        }
        String token = ctx.cookie(COOKIE_TOKEN);
        boolean fromCookie = token != null && !token.isEmpty();
        if (!fromCookie) {
            token = bearer(ctx.header("Authorization"));
        }
        Optional<Principal> principal = auth.authenticate(token,
                config.current().serviceSettings().enableUserAccessTokens());
        ctx.attribute(FROM_COOKIE, fromCookie);
        principal.ifPresent(p -> ctx.attribute(PRINCIPAL, p));
        return principal;
    }

    public static Optional<Principal> current(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** "Bearer x" (any case) or "Token x". */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() > 7 && h.substring(0, 7).toUpperCase(Locale.ROOT).equals("BEARER ")) {
            return h.substring(7).strip();
        }
        if (h.length() > 6 && h.substring(0, 6).toUpperCase(Locale.ROOT).equals("TOKEN ")) {
            return h.substring(6).strip();
        }
        return null;
    }

    /** API rule: cookie sessions must send X-CSRF-Token on every change. */
    public void checkApiCsrf(Context ctx, Principal principal) {
        if (!passesCsrf(ctx, principal)) {
            throw WebError.sessionExpired(
                    "token from cookie without a matching X-CSRF-Token; appears to be a CSRF attempt");
        }
    }

    /** False for a cookie-authenticated change without the session's X-CSRF-Token (or, unless strict, XHR). */
    public boolean passesCsrf(Context ctx, Principal principal) {
        if (!Boolean.TRUE.equals(ctx.attribute(FROM_COOKIE)) || isSafe(ctx) || principal.session() == null) {
            return true;
        }
        if (Ids.same(ctx.header("X-CSRF-Token"), principal.session().csrfToken())) {
            return true;
        }
        boolean strict = config.current().serviceSettings().experimentalStrictCSRFEnforcement();
        return !strict && "XMLHttpRequest".equals(ctx.header("X-Requested-With"));
    }

    /**
     * The caller of a plugin request, Mattermost's way: the session cookie, else an Authorization
     * header, else an {@code access_token} parameter. A cookie session's change without its CSRF
     * token (or, unless strict, X-Requested-With) counts as anonymous rather than refused.
     */
    public Optional<Principal> resolvePluginCaller(String cookieToken, String authorization, String accessToken,
                                                   String method, String csrfHeader, String requestedWith) {
        boolean tokens = config.current().serviceSettings().enableUserAccessTokens();
        if (cookieToken != null && !cookieToken.isEmpty()) {
            Optional<Principal> principal = auth.authenticate(cookieToken, tokens);
            boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
            if (principal.isEmpty() || safe || principal.get().session() == null
                    || Ids.same(csrfHeader, principal.get().session().csrfToken())) {
                return principal;
            }
            boolean strict = config.current().serviceSettings().experimentalStrictCSRFEnforcement();
            return !strict && "XMLHttpRequest".equals(requestedWith) ? principal : Optional.empty();
        }
        String token = bearer(authorization);
        if (token == null || token.isEmpty()) {
            token = accessToken;
        }
        return token == null || token.isEmpty() ? Optional.empty() : auth.authenticate(token, tokens);
    }

    /** Whether the first administrator exists (remembered once true). */
    public boolean adminExists() {
        if (!adminExists) {
            adminExists = auth.adminExists();
        }
        return adminExists;
    }

    /** Page rule: every form post carries the session's token, and comes from this origin. */
    public static void checkFormCsrf(Context ctx, String expected, String submitted) {
        checkOrigin(ctx);
        if (!Ids.same(expected, submitted)) {
            throw new WebError(403, "api.context.csrf.app_error",
                    "Request could not be verified. Reload the page and try again.");
        }
    }

    /** A cross-site form post carries a foreign Origin (or Referer); refuse it before reading the body. */
    public static void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            String referer = ctx.header("Referer");
            if (referer == null) {
                return;
            }
            origin = referer;
        }
        String host = ctx.header("Host");
        if (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)
                || origin.startsWith("http://" + host + "/") || origin.startsWith("https://" + host + "/"))) {
            throw new WebError(403, "api.context.csrf.app_error",
                    "Request could not be verified. Reload the page and try again.", "origin " + origin);
        }
    }

    static boolean isSafe(Context ctx) {
        String method = ctx.method().name();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
