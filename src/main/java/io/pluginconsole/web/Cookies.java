package io.pluginconsole.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.pluginconsole.auth.Session;
import io.pluginconsole.config.Config;

/** Mattermost's session cookies: MMAUTHTOKEN (HttpOnly), MMUSERID and MMCSRF (readable by scripts). */
public final class Cookies {
    private Cookies() {
    }

    public static void setSession(Context ctx, Session session, Config config) {
        int maxAge = (int) Math.max(1, (session.expiresAt() - session.createAt()) / 1000);
        boolean secure = isHttps(ctx);
        ctx.cookie(cookie(RequestAuth.COOKIE_TOKEN, session.token(), maxAge, true, secure));
        ctx.cookie(cookie(RequestAuth.COOKIE_USER, session.userId(), maxAge, false, secure));
        ctx.cookie(cookie(RequestAuth.COOKIE_CSRF, session.csrfToken(), maxAge, false, secure));
    }

    public static void clearSession(Context ctx) {
        for (String name : new String[] {RequestAuth.COOKIE_TOKEN, RequestAuth.COOKIE_USER, RequestAuth.COOKIE_CSRF}) {
            ctx.cookie(cookie(name, "", 0, !name.equals(RequestAuth.COOKIE_CSRF), isHttps(ctx)));
        }
    }

    static Cookie cookie(String name, String value, int maxAge, boolean httpOnly, boolean secure) {
        return new Cookie(name, value, "/", maxAge, secure, httpOnly, null, SameSite.STRICT);
    }

    public static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
