package io.pluginconsole.web.pluginroutes;

import io.pluginconsole.auth.Principal;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.PluginEndpoint;
import io.pluginconsole.web.RequestAuth;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Passes requests for running http plugins on, with Mattermost's rules: the caller's credentials
 * (Authorization, Referer, the console's cookies and CSRF token, the {@code access_token}
 * parameter) and the headers the proxy sets itself are removed ({@link ProxiedRequestHeaders}),
 * and {@code Mattermost-User-Id} names a signed-in caller. A cookie session's change without its
 * CSRF token goes on anonymously, as in Mattermost. Only canonical paths are forwarded
 * ({@link PluginPath}); the answer cannot set the console's cookies and gets
 * {@link PluginResponseHeaders} unless the plugin sends its own.
 *
 * <p>It sits in front of the web framework as an asynchronous Jetty handler, so a slow plugin
 * holds no server thread while it answers. Everything it does not take (plugins off, plugin not
 * running, {@code public/} files, the reserved paths) falls through to {@link PluginRequests}.
 */
public final class PluginProxy extends Handler.Wrapper {
    private static final String TARGET = PluginProxy.class.getName() + ".target";
    private static final String CALLER = PluginProxy.class.getName() + ".caller";

    private final PluginService plugins;
    private final RequestAuth auth;
    /**
     * Started at the first forwarded request rather than with the server: its HTTP client sets up
     * TLS, a noticeable part of the server's start that a console without http plugins never needs.
     */
    private final Forwarder forwarder = new Forwarder();

    public PluginProxy(PluginService plugins, RequestAuth auth) {
        this.plugins = plugins;
        this.auth = auth;
    }

    @Override
    public void setServer(org.eclipse.jetty.server.Server server) {
        super.setServer(server);
        forwarder.setServer(server);
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (forwarder) {
            forwarder.stop();
        }
        super.doStop();
    }

    /** The forwarder, started on first use; never started once this handler is stopping. */
    private Forwarder startedForwarder() throws Exception {
        synchronized (forwarder) {
            if (!forwarder.isStarted()) {
                if (!isRunning()) {
                    throw new IllegalStateException("The server is stopping");
                }
                forwarder.start();
            }
        }
        return forwarder;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Optional<PluginEndpoint> endpoint = target(request);
        if (endpoint.isEmpty()) {
            return super.handle(request, response, callback);
        }
        String path = PluginPath.parse(request.getHttpURI().getPath()).orElseThrow().rawRest();
        String query = PluginRequests.withoutAccessToken(request.getHttpURI().getQuery());
        request.setAttribute(TARGET, endpoint.get().base() + path + (query.isEmpty() ? "" : "?" + query));
        caller(request).ifPresent(user -> request.setAttribute(CALLER, user));
        PluginResponseHeaders.setDefaults(response.getHeaders());
        return startedForwarder().handle(request, response, callback);
    }

    /** The endpoint to forward to, or empty when the framework's routes should answer. */
    private Optional<PluginEndpoint> target(Request request) {
        Optional<PluginPath> path = PluginPath.parse(request.getHttpURI().getPath());
        if (path.isEmpty() || !path.get().isCanonical() || path.get().isPublic() || path.get().isReserved()
                || !plugins.pluginsEnabled() || !auth.adminExists()) {
            return Optional.empty();
        }
        String id = path.get().id();
        return plugins.isRunning(id) ? plugins.endpoint(id) : Optional.empty();
    }

    /** The signed-in caller: session cookie (CSRF-checked on changes), bearer token, or access_token. */
    private Optional<String> caller(Request request) {
        String cookie = null;
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(RequestAuth.COOKIE_TOKEN)) {
                cookie = c.getValue();
            }
        }
        var headers = request.getHeaders();
        Optional<Principal> principal = auth.resolvePluginCaller(cookie, headers.get(HttpHeader.AUTHORIZATION),
                Request.extractQueryParameters(request).getValue("access_token"), request.getMethod(),
                headers.get("X-CSRF-Token"), headers.get("X-Requested-With"));
        return principal.map(p -> p.user().id());
    }

    /** Jetty's reverse proxy, told where to go and which headers to drop and add. */
    private static final class Forwarder extends ProxyHandler {
        @Override
        protected HttpURI rewriteHttpURI(Request request) {
            return HttpURI.from((String) request.getAttribute(TARGET));
        }

        @Override
        protected void configureHttpClient(HttpClient client) {
            super.configureHttpClient(client);
            // A plain pipe: no redirects followed, no cookies kept between callers, no decoding.
            client.setFollowRedirects(false);
            client.setHttpCookieStore(new HttpCookieStore.Empty());
            client.getContentDecoderFactories().clear();
            client.setUserAgentField(null);
            client.setConnectTimeout(5_000);
            client.setMaxConnectionsPerDestination(256);
        }

        @Override
        protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
            super.copyRequestHeaders(clientToProxy, proxyToServer);
            String cookies = ProxiedRequestHeaders.withoutConsoleCookies(
                    String.join("; ", clientToProxy.getHeaders().getValuesList(HttpHeader.COOKIE)));
            Object caller = clientToProxy.getAttribute(CALLER);
            proxyToServer.headers(headers -> {
                for (String name : java.util.List.copyOf(headers.getFieldNamesCollection())) {
                    if (ProxiedRequestHeaders.isDropped(name)) {
                        headers.remove(name);
                    }
                }
                if (!cookies.isEmpty()) {
                    headers.put(HttpHeader.COOKIE, cookies);
                }
                if (caller != null) {
                    headers.put("Mattermost-User-Id", caller.toString());
                }
            });
        }

        /** Forwarding headers describe the connection this server accepted, never what the caller claims. */
        @Override
        protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
            addForwardedHeader(clientToProxy, proxyToServer);
            String host = clientToProxy.getHttpURI().hasAuthority() ? clientToProxy.getHttpURI().getAuthority()
                    : clientToProxy.getHeaders().get(HttpHeader.HOST);
            proxyToServer.headers(headers -> {
                headers.put(HttpHeader.X_FORWARDED_FOR, Request.getRemoteAddr(clientToProxy));
                headers.put(HttpHeader.X_FORWARDED_PROTO, clientToProxy.isSecure() ? "https" : "http");
                if (host != null) {
                    headers.put(HttpHeader.X_FORWARDED_HOST, host);
                }
            });
        }

        /** A plugin may set its own cookies, never the console's session, user or CSRF cookie. */
        @Override
        protected HttpField filterServerToProxyResponseField(HttpField field) {
            HttpField kept = super.filterServerToProxyResponseField(field);
            if (kept != null && kept.getHeader() == HttpHeader.SET_COOKIE
                    && ProxiedRequestHeaders.setsConsoleCookie(kept.getValue())) {
                return null;
            }
            return kept;
        }
    }
}
