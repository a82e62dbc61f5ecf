package io.pluginconsole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP/1.1 server on a loopback address for download tests: one request per connection,
 * answers written raw by the test (so it can lie about lengths, drip, or never stop), and it counts
 * every accepted connection, so a test can prove that a refused target was never contacted.
 * With an {@link SSLContext} it speaks HTTPS.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** A received request: method, target (path and query) and headers (names lower-cased). */
    public record Request(String method, String target, Map<String, String> headers) {
    }

    @FunctionalInterface
    public interface Handler {
        void handle(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private LoopbackHttpServer(ServerSocket socket, Handler handler) {
        this.socket = socket;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "loopback-http-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static LoopbackHttpServer start(Handler handler) {
        return start("127.0.0.1", 0, null, handler);
    }

    public static LoopbackHttpServer start(SSLContext tls, Handler handler) {
        return start("127.0.0.1", 0, tls, handler);
    }

    /** Listens on {@code address}:{@code port} (0 for any free port). */
    public static LoopbackHttpServer start(String address, int port, SSLContext tls, Handler handler) {
        try {
            ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port), 50);
            return new LoopbackHttpServer(s, handler);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String url(String path) {
        return (socket instanceof javax.net.ssl.SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    /** Connections accepted so far (including ones whose TLS handshake failed). */
    public int connections() {
        return connections.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                Thread worker = new Thread(() -> serve(client), "loopback-http-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            Request request = readRequest(in);
            if (request == null) {
                return;
            }
            requests.add(request);
            OutputStream out = client.getOutputStream();
            handler.handle(request, out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away (a refused download, an aborted body): nothing to do
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0 || head.size() > 64 * 1024) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Request(start[0], start.length > 1 ? start[1] : "", headers);
    }

    // Answer helpers.

    public static void respond(OutputStream out, int status, byte[] body, String... headers) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nConnection: close\r\nContent-Length: "
                + body.length + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    public static void redirect(OutputStream out, String location) throws IOException {
        respond(out, 302, new byte[0], "Location: " + location);
    }

    /** Writes a status line and headers exactly as given (no Content-Length added). */
    public static void head(OutputStream out, String statusLine, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(statusLine + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
