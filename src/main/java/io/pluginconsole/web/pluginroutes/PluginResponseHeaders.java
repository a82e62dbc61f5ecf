package io.pluginconsole.web.pluginroutes;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * Headers that keep what a plugin answers from acting as the console: its responses are served on
 * the console's origin, where a script would run with the signed-in administrator's session.
 */
final class PluginResponseHeaders {
    /**
     * {@code sandbox} (without {@code allow-scripts} or {@code allow-same-origin}) gives a plugin
     * page shown in the browser an opaque origin with scripts, forms and plugins off, so HTML a
     * plugin returns or reflects cannot reach the console's cookies or API. Plain pages
     * still show with their own images and inline styles; JSON and files fetched by the console's
     * scripts are not affected, since a response's policy only applies when it is a document.
     */
    static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String CSP_HEADER = "Content-Security-Policy";
    static final String NOSNIFF_HEADER = "X-Content-Type-Options";

    // Encoded once: every proxied answer carries both.
    private static final HttpField CSP_FIELD = new PreEncodedHttpField(CSP_HEADER,
            CONTENT_SECURITY_POLICY);
    private static final HttpField NOSNIFF_FIELD = new PreEncodedHttpField(NOSNIFF_HEADER,
            "nosniff");

    private PluginResponseHeaders() {
    }

    /** Sets the defaults; a proxied plugin's own header of the same name replaces each one. */
    static void setDefaults(HttpFields.Mutable headers) {
        headers.put(CSP_FIELD);
        headers.put(NOSNIFF_FIELD);
    }
}
