package io.pluginconsole.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real plugin server process for tests, speaking the http plugin protocol: it prints the
 * go-plugin handshake line, answers {@code /_plugin/health} and {@code /_plugin/configuration}
 * (only with the secret it was started with), and echoes any other request as text so tests can
 * see what the proxy passed on. Every request it receives is also appended to {@code requests.log}
 * in its folder ({@code <method> <raw path> secret=<yes|no>}), so tests can check what reached it
 * even when the answer never comes back (not with {@code TEST_PLUGIN_REQUEST_LOG=off}, for
 * benchmarks). {@code /set-cookies} answers with cookies named like the console's and one of its own; {@code /own-policy} with its own security headers;
 * {@code /script.html} with an HTML page whose inline script reports that it ran. Uses the JDK
 * only, so it starts from the test classes alone.
 *
 * <p>Modes: {@code healthy}; {@code silent} (never handshakes); {@code exit} (exits at once);
 * {@code needs-license} (exits with 3 unless its folder holds {@code license.txt});
 * {@code crash-after} (exits 1.5 s after starting); {@code unresponsive} (health fails after
 * 1 s); {@code refuse-settings} (answers the settings push with 400); {@code huge-line} (after its
 * handshake writes one line of {@value #HUGE_LINE} bytes to stdout, then "after the huge line",
 * and keeps running).
 */
public final class HttpTestPlugin {
    /** Length of the {@code huge-line} mode's line. */
    public static final int HUGE_LINE = 110 * 1024 * 1024;

    private HttpTestPlugin() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "healthy";
        String secret = System.getenv("PLUGIN_CONSOLE_SECRET");
        long started = System.currentTimeMillis();
        System.out.println("test plugin " + System.getenv("PLUGIN_ID") + " starting in mode " + mode);
        System.err.println("test plugin stderr line");
        switch (mode) {
            case "silent" -> {
                Thread.sleep(600_000);
                return;
            }
            case "exit" -> {
                System.err.println("test plugin cannot start: missing license");
                System.exit(3);
            }
            case "needs-license" -> {
                if (!java.nio.file.Files.exists(java.nio.file.Path.of("license.txt"))) {
                    System.err.println("test plugin cannot start: no license.txt in its folder");
                    System.exit(3);
                }
            }
            default -> {
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/_plugin/health", exchange -> {
            record(exchange, secret);
            if (!secret.equals(exchange.getRequestHeaders().getFirst("Plugin-Console-Secret"))) {
                reply(exchange, 403, "wrong secret");
            } else if (mode.equals("unresponsive") && System.currentTimeMillis() - started > 1000) {
                reply(exchange, 503, "stuck");
            } else {
                reply(exchange, 200, "ok");
            }
        });
        server.createContext("/_plugin/configuration", exchange -> {
            record(exchange, secret);
            if (!secret.equals(exchange.getRequestHeaders().getFirst("Plugin-Console-Secret"))) {
                reply(exchange, 403, "wrong secret");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (mode.equals("refuse-settings")) {
                reply(exchange, 400, "the setting apikey is required");
                return;
            }
            Files.writeString(Path.of("received-settings.json"), body);
            System.out.println("received settings " + body);
            reply(exchange, 200, "");
        });
        server.createContext("/script.html", exchange -> {
            record(exchange, secret);
            byte[] page = ("<!DOCTYPE html><html><body><p id=\"out\">script did not run</p><script>"
                    + "document.getElementById('out').textContent = 'script ran';</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.createContext("/", exchange -> {
            record(exchange, secret);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            StringBuilder echo = new StringBuilder();
            echo.append("method=").append(exchange.getRequestMethod()).append('\n');
            echo.append("uri=").append(exchange.getRequestURI().getRawPath());
            if (exchange.getRequestURI().getRawQuery() != null) {
                echo.append('?').append(exchange.getRequestURI().getRawQuery());
            }
            echo.append('\n');
            headers.forEach((name, values) -> echo.append("header.").append(name.toLowerCase())
                    .append('=').append(String.join(",", values)).append('\n'));
            echo.append("body=").append(new String(body, StandardCharsets.UTF_8)).append('\n');
            exchange.getResponseHeaders().add("X-Plugin", "echo");
            switch (exchange.getRequestURI().getPath()) {
                case "/set-cookies" -> {
                    for (String cookie : List.of("MMAUTHTOKEN=planted; Path=/", "MMUSERID=planted; Path=/",
                            "MMCSRF=planted; Path=/", "mmauthtoken=planted; Path=/", "theme=light; Path=/plugins")) {
                        exchange.getResponseHeaders().add("Set-Cookie", cookie);
                    }
                }
                case "/own-policy" -> {
                    exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'");
                    exchange.getResponseHeaders().add("X-Content-Type-Options", "plugin-choice");
                }
                default -> {
                }
            }
            reply(exchange, exchange.getRequestURI().getPath().equals("/teapot") ? 418 : 200, echo.toString());
        });
        server.start();
        System.out.println("1|1|tcp|127.0.0.1:" + server.getAddress().getPort() + "|http");
        System.out.flush();
        if (mode.equals("huge-line")) {
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            // One line: the settings handler's own output waits until it is written.
            synchronized (System.out) {
                for (int written = 0; written < HUGE_LINE; written += chunk.length) {
                    System.out.write(chunk, 0, Math.min(chunk.length, HUGE_LINE - written));
                }
                System.out.println();
            }
            System.out.println("after the huge line");
            System.out.flush();
            if (System.out.checkError()) {
                System.err.println("test plugin stdout is broken");
            }
        }
        if (mode.equals("crash-after")) {
            Thread.sleep(1500);
            System.err.println("test plugin crashing");
            System.exit(2);
        }
    }

    private static synchronized void record(HttpExchange exchange, String secret) throws IOException {
        if ("off".equals(System.getenv("TEST_PLUGIN_REQUEST_LOG"))) {
            return; // benchmarks: no file written per request
        }
        String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " secret="
                + (secret.equals(exchange.getRequestHeaders().getFirst("Plugin-Console-Secret")) ? "yes" : "no") + "\n";
        Files.writeString(Path.of("requests.log"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
