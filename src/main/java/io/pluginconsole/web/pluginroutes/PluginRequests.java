package io.pluginconsole.web.pluginroutes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.web.WebError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code /plugins/<id>/...} requests that {@link PluginProxy} does not forward: 501 while plugins
 * are off; 400 for a path that is not canonical ({@link PluginPath}); files of a running
 * plugin's {@code public/} folder, with {@link PluginResponseHeaders}; otherwise Mattermost's plain
 * {@code 404 page not found} (plugin unknown or not running, or a path reserved for the server).
 */
public final class PluginRequests {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final PluginService plugins;

    public PluginRequests(PluginService plugins) {
        this.plugins = plugins;
    }

    public void register(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/plugins/{id}", this::handle);
            routes.addHttpHandler(method, "/plugins/{id}/<rest>", this::handle);
        }
    }

    /** What {@link PluginProxy} did not forward: plugins off, public files, or nothing to reach. */
    private void handle(Context ctx) throws IOException {
        if (!plugins.pluginsEnabled()) {
            throw new WebError(501, "app.plugin.disabled.app_error",
                    "Plugins have been disabled. Please check your logs for details.",
                    "Enable plugins to serve plugin requests");
        }
        Optional<PluginPath> path = PluginPath.parse(ctx.req().getRequestURI());
        if (path.isPresent() && !path.get().isCanonical()) {
            throw new WebError(400, "api.plugin.path.ambiguous.app_error",
                    "This plugin path is refused because " + path.get().ambiguity() + ". Send the canonical path: "
                            + "no '.' or '..' segments, no ';' parameters, no '//', and no encoded '/', '\\', '.', "
                            + "';' or '%'.");
        }
        if (path.isPresent() && path.get().isPublic()
                && servePublic(ctx, path.get().id(), path.get().decodedRest().substring("/public/".length()))) {
            return;
        }
        notFound(ctx);
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
        ctx.header(PluginResponseHeaders.CSP_HEADER, PluginResponseHeaders.CONTENT_SECURITY_POLICY);
        ctx.header(PluginResponseHeaders.NOSNIFF_HEADER, "nosniff");
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
}
