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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

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
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public PluginRequests(PluginService plugins, RequestAuth auth) {
        this.plugins = plugins;
        this.auth = auth;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2));
        for (Map.Entry<String, List<String>> header : headers(ctx).entrySet()) {
            for (String value : header.getValue()) {
                request.header(header.getKey(), value);
            }
        }
        String cookies = withoutSessionCookie(ctx.header("Cookie"));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        caller(ctx).ifPresent(user -> request.header("Mattermost-User-Id", user));
        request.method(ctx.method().name(), body(ctx));
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new WebError(502, "app.plugin.request.app_error", "The plugin " + endpoint.pluginId()
                    + " did not answer. Check its state on the Plugin Management page and the server log.",
                    e.toString());
        }
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!RESPONSE_HEADERS_DROPPED.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                ctx.res().setHeader(name, values.get(0));
                values.stream().skip(1).forEach(value -> ctx.res().addHeader(name, value));
            }
        });
        response.headers().firstValue("Content-Length").ifPresent(length -> ctx.header("Content-Length", length));
        try (InputStream in = response.body()) {
            if (ctx.method() != HandlerType.HEAD) {
                in.transferTo(ctx.res().getOutputStream());
            }
        }
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> result = new java.util.LinkedHashMap<>();
        var names = ctx.req().getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!REQUEST_HEADERS_DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                result.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
            }
        }
        return result;
    }

    private static HttpRequest.BodyPublisher body(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (length == 0 || (length < 0 && !chunked)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return ctx.req().getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
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
