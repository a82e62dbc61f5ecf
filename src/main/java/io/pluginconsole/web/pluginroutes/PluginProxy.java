package io.pluginconsole.web.pluginroutes;

import io.pluginconsole.auth.Principal;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.PluginEndpoint;
import io.pluginconsole.web.RequestAuth;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

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
        if (forwarder.isStarted()) {
            return forwarder; // every request after the first: no lock
        }
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
        Optional<PluginPath> path = PluginPath.parse(request.getHttpURI().getPath());
        Optional<PluginEndpoint> endpoint = path.flatMap(this::target);
        if (endpoint.isEmpty()) {
            return super.handle(request, response, callback);
        }
        String query = PluginRequests.withoutAccessToken(request.getHttpURI().getQuery());
        String rest = path.get().rawRest();
        request.setAttribute(TARGET, URI.create(query.isEmpty() ? endpoint.get().base() + rest
                : endpoint.get().base() + rest + "?" + query));
        String caller = caller(request);
        if (caller != null) {
            request.setAttribute(CALLER, caller);
        }
        PluginResponseHeaders.setDefaults(response.getHeaders());
        return startedForwarder().handle(request, response, callback);
    }

    /** The endpoint to forward to, or empty when the framework's routes should answer. */
    private Optional<PluginEndpoint> target(PluginPath path) {
        if (!path.isCanonical() || path.isPublic() || path.isReserved() || !plugins.pluginsEnabled()
                || !auth.adminExists()) {
            return Optional.empty();
        }
        String id = path.id();
        return plugins.isRunning(id) ? plugins.endpoint(id) : Optional.empty();
    }

    /**
     * The signed-in caller's user id, or null: session cookie (CSRF-checked on changes), bearer
     * token, or access_token.
     */
    private String caller(Request request) {
        HttpFields headers = request.getHeaders();
        String authorization = headers.get(HttpHeader.AUTHORIZATION);
        String query = request.getHttpURI().getQuery();
        if (authorization == null && (query == null || query.isEmpty()) && !headers.contains(HttpHeader.COOKIE)) {
            return null; // no credentials at all: the usual anonymous call, decided without parsing
        }
        String cookie = null;
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(RequestAuth.COOKIE_TOKEN)) {
                cookie = c.getValue();
            }
        }
        String accessToken = query == null || query.isEmpty() ? null
                : Request.extractQueryParameters(request).getValue("access_token");
        Optional<Principal> principal = auth.resolvePluginCaller(cookie, authorization, accessToken,
                request.getMethod(), headers.get("X-CSRF-Token"), headers.get("X-Requested-With"));
        return principal.map(p -> p.user().id()).orElse(null);
    }

    /** Jetty's reverse proxy, told where to go and which headers to drop and add. */
    private static final class Forwarder extends ProxyHandler {
        /** Hop-by-hop headers: they describe one connection and never go on (RFC 9110, 7.6.1). */
        private static final Set<HttpHeader> HOP_BY_HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
                HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
                HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE);

        @Override
        protected HttpURI rewriteHttpURI(Request request) {
            return HttpURI.from((URI) request.getAttribute(TARGET));
        }

        /** Straight from the target parsed once in {@link PluginProxy#handle}, not through its text again. */
        @Override
        protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
            return getHttpClient().newRequest((URI) request.getAttribute(TARGET)).method(request.getMethod());
        }

        /**
         * HTTP/1.1 only (plugins speak nothing else, so no protocol negotiation per request), on the
         * server's own threads and buffers rather than a second pool competing for the same cores.
         */
        @Override
        protected HttpClient newHttpClient() {
            ClientConnector connector = new ClientConnector();
            connector.setSelectors(1);
            org.eclipse.jetty.server.Server server = getServer();
            if (server != null) {
                connector.setExecutor(server.getThreadPool());
                connector.setByteBufferPool(server.getByteBufferPool());
            }
            HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
            // The answer is handed on without blocking (writes to the caller are asynchronous), so
            // it is processed where it is read instead of being passed to another thread first.
            transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
            return new HttpClient(transport);
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

        /**
         * One pass over the caller's headers: hop-by-hop headers, those the Connection header names,
         * and {@link ProxiedRequestHeaders dropped} ones stay behind; Cookie goes on filtered.
         */
        @Override
        protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
            HttpFields incoming = clientToProxy.getHeaders();
            Set<String> connectionListed = connectionListed(incoming);
            String cookies = incoming.contains(HttpHeader.COOKIE) ? ProxiedRequestHeaders.withoutConsoleCookies(
                    String.join("; ", incoming.getValuesList(HttpHeader.COOKIE))) : "";
            Object caller = clientToProxy.getAttribute(CALLER);
            proxyToServer.headers(headers -> {
                for (HttpField field : incoming) {
                    if (HOP_BY_HOP.contains(field.getHeader()) || ProxiedRequestHeaders.isDropped(field)
                            || connectionListed != null && connectionListed.contains(field.getLowerCaseName())) {
                        continue;
                    }
                    headers.add(field);
                }
                if (!cookies.isEmpty()) {
                    headers.put(HttpHeader.COOKIE, cookies);
                }
                if (caller != null) {
                    headers.put("Mattermost-User-Id", caller.toString());
                }
            });
        }

        /** The header names a Connection header lists (lower case), or null when there is none. */
        private static Set<String> connectionListed(HttpFields incoming) {
            if (!incoming.contains(HttpHeader.CONNECTION)) {
                return null;
            }
            Set<String> names = new HashSet<>();
            for (String value : incoming.getValuesList(HttpHeader.CONNECTION)) {
                for (String name : value.split(",")) {
                    names.add(name.strip().toLowerCase(Locale.ROOT));
                }
            }
            return names;
        }

        /** Forwarding headers describe the connection this server accepted, never what the caller claims. */
        @Override
        protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
            String remote = Request.getRemoteAddr(clientToProxy);
            String scheme = clientToProxy.getHttpURI().getScheme();
            String proto = scheme != null ? scheme : clientToProxy.isSecure() ? "https" : "http";
            String hostHeader = clientToProxy.getHeaders().get(HttpHeader.HOST);
            String host = clientToProxy.getHttpURI().hasAuthority() ? clientToProxy.getHttpURI().getAuthority()
                    : hostHeader;
            // RFC 7239; incoming Forwarded headers were dropped, so this is the only one.
            String forwarded = "by=" + ForwardedValue.quoted(Request.getLocalAddr(clientToProxy))
                    + ";for=" + ForwardedValue.quoted(remote)
                    + (hostHeader == null ? "" : ";host=" + ForwardedValue.quoted(hostHeader)) + ";proto=" + proto;
            proxyToServer.headers(headers -> {
                headers.put(HttpHeader.FORWARDED, forwarded);
                headers.put(HttpHeader.X_FORWARDED_FOR, remote);
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
