package io.pluginconsole.web.plugins;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.PluginEndpoint;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.WebError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;

/**
 * {@code /plugins/<id>/...}: requests for plugins, with Mattermost's rules. {@code public/} is
 * served from the plugin's folder; anything else is passed to a running {@code http} plugin
 * without the caller's credentials (Authorization, Referer, the session cookie, the
 * {@code access_token} parameter) and without spoofable identity headers; the server then says
 * who the caller is with {@code Mattermost-User-Id}. A cookie session's change without its CSRF
 * token is passed on anonymously, as Mattermost does.
 */
public final class PluginRequests {
    private static final Set<String> REQUEST_HEADERS_DROPPED = Set.of("authorization", "referer", "cookie",
            "mattermost-user-id", "mattermost-plugin-id", PluginEndpoint.SECRET_HEADER.toLowerCase(Locale.ROOT),
            "host", "connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "content-length", "expect", "http2-settings");
    private static final Set<String> RESPONSE_HEADERS_DROPPED = Set.of("connection", "keep-alive",
            "transfer-encoding", "trailer", "upgrade", "proxy-authenticate", "content-length", ":status");
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final PluginService plugins;
    private final RequestAuth auth;
    private final HttpClient client = new HttpClient();

    public PluginRequests(PluginService plugins, RequestAuth auth) {
        this.plugins = plugins;
        this.auth = auth;
        // A plain pipe: no redirects followed, no cookies kept between callers, no decoding.
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        client.setUserAgentField(null);
        client.setConnectTimeout(5_000);
        client.setMaxConnectionsPerDestination(256);
        client.setName("plugin-proxy");
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the plugin request client", e);
        }
    }

    public void stop() {
        try {
            client.stop();
        } catch (Exception e) {
            // shutting down
        }
    }

    public void register(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/plugins/{id}", this::handle);
            routes.addHttpHandler(method, "/plugins/{id}/<rest>", this::handle);
        }
    }

    private void handle(Context ctx) throws IOException {
        if (!plugins.pluginsEnabled()) {
            throw new WebError(501, "app.plugin.disabled.app_error",
                    "Plugins have been disabled. Please check your logs for details.",
                    "Enable plugins to serve plugin requests");
        }
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        String rawPath = rawRest(ctx, id);
        String decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (decoded.startsWith("/public/") && servePublic(ctx, id, decoded.substring("/public/".length()))) {
            return;
        }
        Optional<PluginEndpoint> endpoint = plugins.endpoint(id);
        if (endpoint.isEmpty() || !plugins.isRunning(id) || isReserved(decoded)) {
            notFound(ctx);
            return;
        }
        forward(ctx, endpoint.get(), rawPath);
    }

    /** The raw (still encoded) path after {@code /plugins/<id>}, "/" when nothing follows. */
    private static String rawRest(Context ctx, String id) {
        String uri = ctx.req().getRequestURI();
        int start = "/plugins/".length() + ctx.pathParam("id").length();
        String rest = uri.length() > start ? uri.substring(start) : "";
        return rest.isEmpty() ? "/" : rest;
    }

    /** The server's own calls to the plugin are never reachable from outside, whatever the spelling. */
    private static boolean isReserved(String decodedPath) {
        String collapsed = decodedPath.replaceAll("/+", "/").replace("/./", "/");
        return collapsed.startsWith(PluginEndpoint.RESERVED_PREFIX)
                || collapsed.equals(PluginEndpoint.RESERVED_PREFIX.substring(0, PluginEndpoint.RESERVED_PREFIX.length() - 1));
    }

    private boolean servePublic(Context ctx, String id, String relative) throws IOException {
        Optional<Path> file = plugins.publicFile(id, relative);
        if (file.isEmpty()) {
            notFound(ctx);
            return true;
        }
        String type = ContentType.Companion.mimeTypeByExtension(extension(file.get()));
        ctx.contentType(type == null ? "application/octet-stream" : type);
        ctx.header("Content-Length", String.valueOf(Files.size(file.get())));
        if (ctx.method() != HandlerType.HEAD) {
            try (InputStream in = Files.newInputStream(file.get()); OutputStream out = ctx.res().getOutputStream()) {
                in.transferTo(out);
            }
        }
        return true;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void notFound(Context ctx) {
        ctx.status(404).contentType("text/plain; charset=utf-8").result("404 page not found\n");
    }

    private void forward(Context ctx, PluginEndpoint endpoint, String rawPath) throws IOException {
        String query = withoutAccessToken(ctx.req().getQueryString());
        URI target = URI.create(endpoint.base() + rawPath + (query.isEmpty() ? "" : "?" + query));
        Request request = client.newRequest(target).method(ctx.method().name()).timeout(2, TimeUnit.MINUTES);
        String cookies = withoutSessionCookie(ctx.header("Cookie"));
        Optional<String> caller = caller(ctx);
        long length = ctx.req().getContentLengthLong();
        request.headers(headers -> {
            var names = ctx.req().getHeaderNames();
            while (names.hasMoreElements()) {
                String name = names.nextElement();
                if (!REQUEST_HEADERS_DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                    for (String value : java.util.Collections.list(ctx.req().getHeaders(name))) {
                        headers.add(name, value);
                    }
                }
            }
            if (!cookies.isEmpty()) {
                headers.put("Cookie", cookies);
            }
            caller.ifPresent(user -> headers.put("Mattermost-User-Id", user));
            if (length > 0) {
                headers.put("Content-Length", String.valueOf(length));
            }
        });
        if (length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null)) {
            request.body(new InputStreamRequestContent(ctx.req().getContentType(), ctx.req().getInputStream()));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            throw new WebError(502, "app.plugin.request.app_error", "The plugin " + endpoint.pluginId()
                    + " did not answer. Check its state on the Plugin Management page and the server log.",
                    String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
        ctx.status(response.getStatus());
        // The plugin's headers replace the server's defaults of the same name.
        for (String name : response.getHeaders().getFieldNamesCollection()) {
            if (!RESPONSE_HEADERS_DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                List<String> values = response.getHeaders().getValuesList(name);
                ctx.res().setHeader(name, values.get(0));
                values.stream().skip(1).forEach(value -> ctx.res().addHeader(name, value));
            }
        }
        String contentLength = response.getHeaders().get("Content-Length");
        if (contentLength != null) {
            ctx.res().setHeader("Content-Length", contentLength);
        }
        try (InputStream in = listener.getInputStream()) {
            if (ctx.method() != HandlerType.HEAD) {
                in.transferTo(ctx.res().getOutputStream());
            }
        }
    }

    /** The signed-in caller's user id: session cookie (with CSRF on changes), bearer token, or access_token. */
    private Optional<String> caller(Context ctx) {
        Optional<Principal> principal = auth.resolve(ctx);
        if (principal.isEmpty()) {
            String token = ctx.queryParam("access_token");
            principal = token == null || token.isEmpty() ? Optional.empty() : auth.fromQueryToken(token);
        } else if (!auth.passesCsrf(ctx, principal.get())) {
            return Optional.empty();
        }
        return principal.map(p -> p.user().id());
    }

    static String withoutAccessToken(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!URLDecoder.decode(name, StandardCharsets.UTF_8).equals("access_token")) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    static String withoutSessionCookie(String header) {
        if (header == null || header.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("; ");
        for (String cookie : header.split(";")) {
            String trimmed = cookie.strip();
            String name = trimmed.contains("=") ? trimmed.substring(0, trimmed.indexOf('=')).strip() : trimmed;
            if (!name.equals(RequestAuth.COOKIE_TOKEN) && !trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        return kept.toString();
    }
}
