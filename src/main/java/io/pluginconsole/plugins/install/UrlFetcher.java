package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.net.DestinationPolicy;
import io.pluginconsole.net.IpLiterals;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import io.pluginconsole.plugins.RetryLaterException;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a bundle for install-from-URL without letting the URL reach what it should not.
 *
 * <ul>
 *   <li>https only (plain http with PluginSettings.AllowInsecureDownloadURL); one strict parse;
 *       user info, fragments, backslashes and odd numeric hosts refused.</li>
 *   <li>Destinations are checked when connecting: every connection resolves the host once, checks
 *       every address against {@link DestinationPolicy} (loopback, private, link-local, metadata,
 *       this server, ... unless listed in ServiceSettings.AllowedUntrustedInternalConnections) and
 *       dials exactly the checked addresses, so a name that changes its answer (DNS rebinding) gains
 *       nothing. The Host header and TLS server name stay the URL's host.</li>
 *   <li>At most 3 redirects, each one checked like the first URL; no proxies (environment proxy
 *       variables and JVM proxy properties are ignored); no content decoding.</li>
 *   <li>Connect timeout and a total time limit for the whole download; the body is streamed to the
 *       stager under the upload size limit, whatever Content-Length says. The staging file is
 *       deleted on any failure. The upstream body is never echoed.</li>
 *   <li>One client with a bounded pool of threads serves all downloads; at most
 *       {@link FetchOptions#maxConcurrent()} run at once and {@link FetchOptions#maxQueued()} wait
 *       for a turn; more are refused at once with a {@link RetryLaterException}.</li>
 *   <li>TLS: the JVM's trusted authorities plus PluginSettings.TrustedCACertificatesFile; never an
 *       option to skip verification. A rejected certificate is explained by host, subject and issuer.</li>
 * </ul>
 */
public final class UrlFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(UrlFetcher.class);
    public static final String DOWNLOAD_FAILED = ErrorIds.DOWNLOAD_FAILED;
    static final String REDIRECT = "Redirect not allowed";
    static final String FAILED = "Download failed";

    static final int RETRY_AFTER_SECONDS = 30;

    private final BundleStager stager;
    private final FetchOptions options;
    private final Supplier<DownloadPolicy> policies;
    private final List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();
    private final DownloadSlots slots;
    private HttpClient client;

    public UrlFetcher(BundleStager stager, FetchOptions options, Supplier<DownloadPolicy> policies) {
        this.stager = stager;
        this.options = options;
        this.policies = policies;
        this.slots = new DownloadSlots(options.maxConcurrent(), options.maxQueued());
    }

    /** The last addresses connections were allowed to go to, oldest first (for tests and diagnostics). */
    public List<InetSocketAddress> dialled() {
        return List.copyOf(dialled);
    }

    public StagedBundle fetch(String url, long maxBytes) {
        if (url == null || url.isBlank()) {
            throw error(PluginException.Kind.BAD_INPUT, "Enter the URL of a plugin bundle (for example "
                    + "https://example.com/my-plugin-1.0.0.tar.gz).", "no URL");
        }
        DownloadPolicy policy = policies.get();
        DestinationPolicy destinations = new DestinationPolicy(policy.allowed(), options.ownAddresses());
        DownloadUrl target;
        try {
            target = DownloadUrl.check(url, policy.allowInsecure(), destinations);
        } catch (DownloadUrl.Refused e) {
            throw refused(e, null);
        }
        TlsTrust trust = loadTrust(policy.caFile());
        long deadline = System.nanoTime() + options.totalTimeout().toNanos();
        takeSlot(deadline);
        HttpClient shared = client();
        Download download = new Download(destinations, tls(trust));
        try {
            return download(shared, download, target, policy, destinations, trust, deadline, maxBytes);
        } finally {
            forget(shared, download);
            slots.release();
        }
    }

    private void takeSlot(long deadline) {
        try {
            slots.acquire(deadline);
        } catch (DownloadSlots.Refused e) {
            switch (e.reason) {
                case FULL -> throw new RetryLaterException(ErrorIds.DOWNLOAD_FAILED, "Too many downloads: "
                        + slots.maxRunning() + " installs from URL are running and " + slots.maxWaiting()
                        + " more are waiting, the most this server allows (LimitSettings.MaxConcurrentDownloads, "
                        + "MaxQueuedDownloads). Try again in " + RETRY_AFTER_SECONDS + " seconds.",
                        "download slots full", RETRY_AFTER_SECONDS);
                case TIMED_OUT -> throw timedOut(0);
                default -> throw error(PluginException.Kind.BAD_INPUT,
                        FAILED + ": the download was interrupted.", "interrupted");
            }
        }
    }

    /** Stops the shared download client (its threads); a later download starts a new one. */
    public synchronized void close() {
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) {
                LOG.debug("Stopping the download client failed", e);
            }
            client = null;
        }
    }

    /** A download's own destinations and TLS trust, carried by its requests so the shared client applies them. */
    private record Download(DestinationPolicy destinations, SslContextFactory.Client tls) {
    }

    /** Drops the download's connections and destinations from the shared client. */
    private static void forget(HttpClient shared, Download download) {
        for (Destination destination : shared.getDestinations()) {
            if (destination.getOrigin().getTag() == download) {
                shared.removeDestination(destination);
            }
        }
        try {
            download.tls().stop();
        } catch (Exception e) {
            LOG.debug("Stopping a TLS context failed", e);
        }
    }

    private StagedBundle download(HttpClient client, Download download, DownloadUrl first, DownloadPolicy policy,
                                  DestinationPolicy destinations, TlsTrust trust, long deadline, long maxBytes) {
        DownloadUrl target = first;
        String redirectedTo = null;
        for (int hop = 0; ; hop++) {
            long remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw timedOut(0);
            }
            InputStreamResponseListener listener = new InputStreamResponseListener();
            Request request = client.newRequest(target.uri())
                    .method("GET")
                    .tag(download)
                    // One request per connection: a download's connections are never reused by another.
                    .headers(h -> h.put(HttpHeader.ACCEPT, "application/gzip, application/octet-stream, */*")
                            .put(HttpHeader.CONNECTION, "close"))
                    .timeout(remaining, TimeUnit.MILLISECONDS);
            request.send(listener);
            Response response;
            try {
                response = listener.get(remaining, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                request.abort(e);
                throw timedOut(0);
            } catch (InterruptedException e) {
                request.abort(e);
                Thread.currentThread().interrupt();
                throw error(PluginException.Kind.BAD_INPUT, FAILED + ": the download was interrupted.", "interrupted");
            } catch (ExecutionException e) {
                throw failure(e.getCause(), target, trust, deadline, redirectedTo, 0);
            }
            int status = response.getStatus();
            InputStream body = listener.getInputStream();
            if (isRedirect(status)) {
                closeQuietly(body);
                String location = response.getHeaders().get(HttpHeader.LOCATION);
                if (location == null || location.isBlank()) {
                    throw error(PluginException.Kind.BAD_INPUT, FAILED + ": " + target.host() + " answered HTTP "
                            + status + " (a redirect) without a Location. Use the final URL of the bundle.",
                            "redirect without location");
                }
                String shown = shorten(location);
                if (hop >= options.maxRedirects()) {
                    throw error(PluginException.Kind.BAD_INPUT, REDIRECT + ": more than " + options.maxRedirects()
                            + " redirects (the last one to " + shown + "). Use the final URL of the bundle.",
                            "too many redirects");
                }
                URI next;
                try {
                    next = target.uri().resolve(new URI(location.strip()));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    throw error(PluginException.Kind.BAD_INPUT, REDIRECT + ": the server redirected to \"" + shown
                            + "\", which is not a valid URL.", "bad location");
                }
                try {
                    target = DownloadUrl.check(next.toString(), policy.allowInsecure(), destinations);
                } catch (DownloadUrl.Refused e) {
                    throw refused(e, next.toString());
                }
                if (first.https() && !target.https()) {
                    throw error(PluginException.Kind.BAD_INPUT, REDIRECT + ": the server redirected from https to "
                            + "plain http (" + shorten(next.toString()) + "). Use an https URL that stays on https.",
                            "https downgrade");
                }
                redirectedTo = next.toString();
                continue;
            }
            if (status < 200 || status >= 300) {
                closeQuietly(body);
                throw error(PluginException.Kind.BAD_INPUT, FAILED + ": " + target.host() + " answered HTTP " + status
                        + (status >= 500 ? ". The server has a problem; try again later."
                        : ". Check that the URL points to a plugin bundle (.tar.gz)."), "status " + status);
            }
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared > maxBytes) {
                closeQuietly(body);
                throw tooLarge(maxBytes, "the server announced " + BundleStager.humanSize(declared));
            }
            Guarded guarded = new Guarded(body, target, trust, deadline, redirectedTo);
            try {
                stager.requireRoomFor(declared > 0 ? declared : maxBytes);
                return stager.stage(guarded, maxBytes);
            } catch (PluginException e) {
                if (ErrorIds.FILE_TOO_LARGE.equals(e.id())) {
                    throw tooLarge(maxBytes, "the download passed the limit and was stopped");
                }
                throw e;
            } finally {
                closeQuietly(body);
            }
        }
    }

    /** Translates read errors of the body into download errors (the stager then deletes its file). */
    private final class Guarded extends FilterInputStream {
        private final DownloadUrl target;
        private final TlsTrust trust;
        private final long deadline;
        private final String redirectedTo;
        private long count;

        Guarded(InputStream in, DownloadUrl target, TlsTrust trust, long deadline, String redirectedTo) {
            super(in);
            this.target = target;
            this.trust = trust;
            this.deadline = deadline;
            this.redirectedTo = redirectedTo;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remainingMillis(deadline) <= 0) {
                throw timedOut(count);
            }
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                throw failure(e, target, trust, deadline, redirectedTo, count);
            }
        }
    }

    /** The one client all downloads share, with a bounded pool of threads; started on first use. */
    private synchronized HttpClient client() {
        if (client != null) {
            return client;
        }
        ClientConnector connector = new ClientConnector();
        connector.setConnectTimeout(options.connectTimeout());
        connector.setIdleTimeout(options.totalTimeout());
        connector.setSelectors(1);
        HttpClient created = new HttpClient(new PerDownloadTransport(connector));
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("url-download");
        threads.setDaemon(true);
        created.setExecutor(threads);
        created.setName("url-download");
        created.setFollowRedirects(false);
        created.setHttpCookieStore(new HttpCookieStore.Empty());
        created.setDestinationIdleTimeout(options.totalTimeout().toMillis());
        // No proxy is configured (Jetty's client never reads proxy environment variables or JVM properties).
        created.setConnectTimeout(options.connectTimeout().toMillis());
        created.setSocketAddressResolver(new VettingResolver());
        try {
            created.start();
            // The bundle is a .tar.gz: never inflate a Content-Encoding (no Accept-Encoding is sent either).
            created.getContentDecoderFactories().clear();
        } catch (Exception e) {
            throw new PluginException(ErrorIds.DOWNLOAD_FAILED, PluginException.Kind.INTERNAL,
                    FAILED + ": the download client could not start.", e.toString(), e);
        }
        client = created;
        return created;
    }

    private static final int MAX_THREADS = 16;

    private static SslContextFactory.Client tls(TlsTrust trust) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(trust.context());
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setTrustAll(false);
        try {
            ssl.start();
        } catch (Exception e) {
            throw new PluginException(ErrorIds.DOWNLOAD_FAILED, PluginException.Kind.INTERNAL,
                    FAILED + ": the TLS settings could not be applied.", e.toString(), e);
        }
        return ssl;
    }

    /** Gives each download (the tag of its requests) its own destinations, which use the download's TLS trust. */
    private static final class PerDownloadTransport extends HttpClientTransportOverHTTP {
        PerDownloadTransport(ClientConnector connector) {
            super(connector);
        }

        @Override
        public Destination newDestination(Origin origin) {
            return new HttpDestination(getHttpClient(), origin) {
                @Override
                public SslContextFactory.Client resolveSslContextFactory() {
                    // Plain http has no TLS at all (a context here would make the connection speak TLS).
                    return isSecure() && origin.getTag() instanceof Download d ? d.tls() : null;
                }
            };
        }
    }

    private static Download downloadOf(Map<String, Object> context) {
        Object destination = context.get(Destination.CONTEXT_KEY);
        if (destination instanceof Destination d && d.getOrigin().getTag() instanceof Download download) {
            return download;
        }
        throw new IllegalStateException("a download connection without its download");
    }

    /**
     * Resolves once per connection, checks every address, and hands the connection exactly the
     * checked addresses: the address dialled is the address vetted.
     */
    private final class VettingResolver implements SocketAddressResolver {

        @Override
        public void resolve(String rawHost, int port, Map<String, Object> context,
                            Promise<List<InetSocketAddress>> promise) {
            try {
                promise.succeeded(vet(rawHost, port, downloadOf(context).destinations()));
            } catch (Throwable t) {
                promise.failed(t);
            }
        }

        private List<InetSocketAddress> vet(String rawHost, int port, DestinationPolicy destinations) {
            String host = DownloadUrl.stripBrackets(rawHost).toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            DownloadUrl.vetHost(host.indexOf(':') >= 0 ? "[" + host + "]" : host, destinations);
            List<InetAddress> addresses;
            InetAddress literal = IpLiterals.toAddress(host);
            if (literal != null) {
                addresses = List.of(literal);
            } else {
                try {
                    addresses = options.resolver().resolve(host);
                } catch (UnknownHostException e) {
                    addresses = List.of();
                }
                if (addresses == null || addresses.isEmpty()) {
                    throw new DownloadUrl.Refused(FAILED, "the host name " + host
                            + " cannot be resolved. Check the URL (and the server's DNS settings).");
                }
                Optional<String> refusal = destinations.refuse(host, addresses);
                if (refusal.isPresent()) {
                    throw new DownloadUrl.Refused(DownloadUrl.DESTINATION, refusal.get());
                }
            }
            List<InetSocketAddress> result = new ArrayList<>();
            for (InetAddress address : addresses) {
                // The checked address, labelled with the URL's host: Jetty takes the TLS server name and the
                // name the certificate must match from this label, and never looks the label up again.
                InetAddress labelled;
                try {
                    labelled = InetAddress.getByAddress(host, address.getAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
                result.add(new InetSocketAddress(labelled, port));
            }
            dialled.addAll(result);
            while (dialled.size() > 64) {
                dialled.remove(0);
            }
            return result;
        }
    }

    private PluginException failure(Throwable cause, DownloadUrl target, TlsTrust trust, long deadline,
                                    String redirectedTo, long received) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DownloadUrl.Refused r) {
                return refused(r, redirectedTo);
            }
            if (t instanceof PluginException p) {
                return p;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Optional<String> tls = trust.explain();
        if (tls.isPresent()) {
            return error(PluginException.Kind.BAD_INPUT, tls.get(), String.valueOf(cause));
        }
        String where = target.host() + ":" + target.port();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || remainingMillis(deadline) <= 0) {
                return timedOut(received);
            }
            if (t instanceof SSLException) {
                return error(PluginException.Kind.BAD_INPUT, FAILED + ": the TLS handshake with " + where
                        + " failed (" + t.getMessage() + ").", String.valueOf(cause));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return error(PluginException.Kind.BAD_INPUT, FAILED + ": cannot connect to " + where + " ("
                        + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
                        + "). Check the URL and that the server is reachable from this one.", String.valueOf(cause));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return error(PluginException.Kind.BAD_INPUT, FAILED + ": the connection to " + where + " broke off"
                + (received > 0 ? " after " + received + " bytes" : "") + ". Try again.", String.valueOf(cause));
    }

    private static PluginException refused(DownloadUrl.Refused e, String redirectedTo) {
        if (redirectedTo == null || e.headline.equals(FAILED)) {
            return error(PluginException.Kind.BAD_INPUT, e.headline + ": " + e.text, e.headline);
        }
        return error(PluginException.Kind.BAD_INPUT, REDIRECT + ": the server redirected to " + shorten(redirectedTo)
                + ", and " + e.text, "redirect refused: " + e.headline);
    }

    private PluginException timedOut(long received) {
        return new PluginException(ErrorIds.DOWNLOAD_FAILED, PluginException.Kind.TIMEOUT,
                "Download timed out: the download did not finish within " + human(options.totalTimeout())
                        + (received > 0 ? " (" + received + " bytes received)" : "")
                        + ". Check that the server is reachable and fast enough, or download the bundle and upload it.",
                "timeout", null);
    }

    private static PluginException tooLarge(long maxBytes, String what) {
        return new PluginException(ErrorIds.DOWNLOAD_FAILED, PluginException.Kind.TOO_LARGE,
                "Download too large: " + what + "; the limit is " + BundleStager.humanSize(maxBytes)
                        + ". Raise FileSettings.MaxFileSize in config.json to install larger plugins.",
                "limit " + maxBytes + " bytes", null);
    }

    private static PluginException error(PluginException.Kind kind, String message, String detail) {
        return new PluginException(ErrorIds.DOWNLOAD_FAILED, kind, message, detail, null);
    }

    private static TlsTrust loadTrust(Path caFile) {
        try {
            return TlsTrust.load(caFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new PluginException(ErrorIds.DOWNLOAD_FAILED, PluginException.Kind.INTERNAL,
                    FAILED + ": " + TlsTrust.SETTING + " names " + caFile + ", which cannot be read as PEM "
                            + "certificates (" + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                            : ": " + e.getMessage()) + "). Fix the file or the setting.", e.toString(), e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            long m = d.toMinutes();
            return m + (m == 1 ? " minute" : " minutes");
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " seconds";
        }
        return d.toMillis() + " ms";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // aborts the response; nothing to report
        }
    }
}
