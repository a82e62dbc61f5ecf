package io.pluginconsole.web;

import io.pluginconsole.auth.Ids;
import io.pluginconsole.config.Config;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps clients that send request bodies slowly from holding all server threads. A request with
 * a body holds a thread while its body arrives, so:
 *
 * <ul>
 *   <li>requests whose body is still arriving are counted in total and per client address
 *       (LimitSettings.MaxRequestBodies, MaxRequestBodiesPerAddress); beyond either bound the
 *       request is answered 503 with Retry-After and Connection: close before its body is read;</li>
 *   <li>once LimitSettings.RequestBodyGraceSeconds have passed, a body must have arrived at
 *       LimitSettings.MinRequestBodyBytesPerSecond on average, or its connection is closed, which
 *       frees the thread that waited for it.</li>
 * </ul>
 *
 * Requests without a body (pages, static files, API reads, ping) are never counted, so the console
 * stays reachable while bodies are held. It sits in front of everything else, the plugin proxy
 * included.
 */
public final class SlowClientGuard extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);
    static final int RETRY_AFTER_SECONDS = 10;

    private final Supplier<Config.LimitSettings> limits;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final Set<PendingBody> pending = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeper;

    public SlowClientGuard(Supplier<Config.LimitSettings> limits) {
        this.limits = limits;
    }

    @Override
    protected void doStart() throws Exception {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slow-body-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::closeSlowBodies, 1, 1, TimeUnit.SECONDS);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        sweeper.shutdownNow();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        Config.LimitSettings now = limits.get();
        String address = Request.getRemoteAddr(request);
        if (!admit(address, now)) {
            refuse(request, response, callback, address);
            return true;
        }
        PendingBody body = new PendingBody(address, request.getConnectionMetaData().getConnection().getEndPoint());
        pending.add(body);
        try {
            boolean handled = super.handle(new CountingRequest(request, body), response, new Releasing(callback, body));
            if (!handled) {
                body.release();
            }
            return handled;
        } catch (Throwable t) {
            body.release();
            throw t;
        }
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private boolean admit(String address, Config.LimitSettings now) {
        if (total.incrementAndGet() > now.maxRequestBodies()) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, count) -> {
            int held = count == null ? 0 : count;
            if (held >= now.maxRequestBodiesPerAddress()) {
                return count;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
        }
        return admitted[0];
    }

    private void forget(String address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Answers without reading the body; the connection closes after the answer. */
    private static void refuse(Request request, Response response, Callback callback, String address) {
        LOG.warn("Refused {} {} from {}: too many request bodies are still arriving", request.getMethod(),
                request.getHttpURI().getPath(), address);
        String message = "Too many requests are still sending their body. Try again in " + RETRY_AFTER_SECONDS
                + " seconds.";
        String id = "api.context.too_many_bodies.app_error";
        String requestId = Ids.newId();
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put("X-Request-Id", requestId);
        byte[] content;
        if (request.getHttpURI().getPath().startsWith("/api/")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            content = ErrorMapper.appErrorJson(503, id, message, requestId);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            content = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        response.write(true, java.nio.ByteBuffer.wrap(content), callback);
    }

    /** Closes the connections of bodies that arrive too slowly; their waiting threads then fail and go free. */
    private void closeSlowBodies() {
        try {
            Config.LimitSettings now = limits.get();
            if (now.minRequestBodyBytesPerSecond() <= 0) {
                return;
            }
            long graceNanos = TimeUnit.SECONDS.toNanos(now.requestBodyGraceSeconds());
            long clock = System.nanoTime();
            for (PendingBody body : pending) {
                long elapsed = clock - body.started;
                if (elapsed < graceNanos) {
                    continue;
                }
                double seconds = elapsed / 1e9;
                if (body.received.get() < now.minRequestBodyBytesPerSecond() * seconds) {
                    LOG.warn("Closed the connection of {}: its request body arrived at {} bytes in {} s, slower "
                                    + "than LimitSettings.MinRequestBodyBytesPerSecond ({})", body.address,
                            body.received.get(), Math.round(seconds), now.minRequestBodyBytesPerSecond());
                    body.release();
                    body.endPoint.close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking request bodies failed", e);
        }
    }

    /** A request body still arriving: who sends it, since when, how much has been read. */
    private final class PendingBody {
        final String address;
        final EndPoint endPoint;
        final long started = System.nanoTime();
        final AtomicLong received = new AtomicLong();
        private final AtomicBoolean released = new AtomicBoolean();

        PendingBody(String address, EndPoint endPoint) {
            this.address = address;
            this.endPoint = endPoint;
        }

        /** The body is complete (or the request is over): it no longer counts. */
        void release() {
            if (released.compareAndSet(false, true)) {
                pending.remove(this);
                forget(address);
            }
        }
    }

    /** Counts what the application reads and notices the end of the body. */
    private static final class CountingRequest extends Request.Wrapper {
        private final PendingBody body;

        CountingRequest(Request request, PendingBody body) {
            super(request);
            this.body = body;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                body.received.addAndGet(chunk.remaining());
                if (chunk.isLast()) {
                    body.release();
                }
            }
            return chunk;
        }
    }

    /** Releases the body's place when the request ends, however it ends. */
    private static final class Releasing implements Callback {
        private final Callback delegate;
        private final PendingBody body;

        Releasing(Callback delegate, PendingBody body) {
            this.delegate = delegate;
            this.body = body;
        }

        @Override
        public void succeeded() {
            body.release();
            delegate.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            body.release();
            delegate.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }
    }
}
