package io.pluginconsole.web.pluginroutes;

import io.pluginconsole.plugins.runtime.PluginEndpoint;
import io.pluginconsole.web.RequestAuth;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Which parts of a caller's request a plugin never sees: the caller's credentials, the console's
 * cookies and CSRF token, and every header the proxy sets itself (identity, secret, forwarding).
 *
 * <p>Names are compared with case ignored and {@code _} read as {@code -}: CGI and WSGI stacks
 * turn both {@code Mattermost-User-Id} and {@code Mattermost_User_Id} into
 * {@code HTTP_MATTERMOST_USER_ID}, so stripping one spelling only would let a caller pick a user id.
 */
final class ProxiedRequestHeaders {
    static final Set<String> CONSOLE_COOKIES = Set.of(RequestAuth.COOKIE_TOKEN, RequestAuth.COOKIE_USER,
            RequestAuth.COOKIE_CSRF);

    private static final Set<String> DROPPED = Set.of("authorization", "referer", "cookie", "x-csrf-token",
            "mattermost-user-id", "mattermost-plugin-id", canonical(PluginEndpoint.SECRET_HEADER),
            "forwarded", "x-real-ip");

    private ProxiedRequestHeaders() {
    }

    /** The standard headers that are dropped, decided once: most request headers are standard. */
    private static final Set<HttpHeader> DROPPED_KNOWN = droppedKnown();

    /** Whether an incoming header is removed before the request goes on (Cookie comes back filtered). */
    static boolean isDropped(HttpField field) {
        HttpHeader known = field.getHeader();
        // A standard header is matched by its exact name, any case; other spellings come here as unknown.
        return known != null ? DROPPED_KNOWN.contains(known) : isDropped(field.getName());
    }

    /** Whether an incoming header is removed before the request goes on (Cookie comes back filtered). */
    static boolean isDropped(String name) {
        String canonical = canonical(name);
        return DROPPED.contains(canonical) || canonical.startsWith("x-forwarded-");
    }

    /** A Cookie header without the console's own cookies; empty when nothing is left. */
    static String withoutConsoleCookies(String header) {
        if (header == null || header.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("; ");
        for (String cookie : header.split(";")) {
            String trimmed = cookie.strip();
            if (!trimmed.isEmpty() && !isConsoleCookie(cookieName(trimmed))) {
                kept.add(trimmed);
            }
        }
        return kept.toString();
    }

    /** Whether a Set-Cookie value names one of the console's cookies. */
    static boolean setsConsoleCookie(String setCookie) {
        return setCookie != null && isConsoleCookie(cookieName(setCookie.strip()));
    }

    private static boolean isConsoleCookie(String name) {
        // Browsers treat names case-sensitively, but a look-alike cookie only confuses: drop it too.
        return CONSOLE_COOKIES.stream().anyMatch(name::equalsIgnoreCase);
    }

    private static String cookieName(String pair) {
        int eq = pair.indexOf('=');
        return (eq < 0 ? pair : pair.substring(0, eq)).strip();
    }

    private static Set<HttpHeader> droppedKnown() {
        Set<HttpHeader> dropped = EnumSet.noneOf(HttpHeader.class);
        for (HttpHeader header : HttpHeader.values()) {
            if (isDropped(header.asString())) {
                dropped.add(header);
            }
        }
        return dropped;
    }

    private static String canonical(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
