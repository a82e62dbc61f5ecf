import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server Status, a pre-packaged plugin of Plugin Console, in one file that runs with the JDK
 * alone. It speaks the console's http plugin protocol: it listens on a loopback port, prints the
 * handshake line {@code 1|1|tcp|127.0.0.1:PORT|http}, answers {@code GET /_plugin/health} and
 * {@code PUT /_plugin/configuration} (only with the secret from {@code PLUGIN_CONSOLE_SECRET}),
 * and serves a status page ({@code /}) and {@code /status.json} under
 * {@code /plugins/com.pluginconsole.server-status/}, which the console proxies to it.
 */
public final class Main {
    private static final Instant STARTED = Instant.now();
    private static volatile String greeting = "Hello from the Server Status plugin";
    private static volatile boolean showJava = true;
    private static volatile int configurations;

    public static void main(String[] args) throws IOException {
        String secret = System.getenv("PLUGIN_CONSOLE_SECRET");
        String id = System.getenv().getOrDefault("PLUGIN_ID", "com.pluginconsole.server-status");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "server-status");
            thread.setDaemon(false);
            return thread;
        }));
        server.createContext("/_plugin/health", exchange -> {
            if (!authorised(exchange, secret)) {
                return;
            }
            reply(exchange, 200, "text/plain", "ok");
        });
        server.createContext("/_plugin/configuration", exchange -> {
            if (!authorised(exchange, secret)) {
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String text = stringValue(body, "greeting");
            greeting = text == null || text.isBlank() ? "Hello from the Server Status plugin" : text;
            showJava = !body.matches("(?s).*\"showjavaversion\"\\s*:\\s*false.*");
            configurations++;
            System.out.println("settings received: greeting=" + greeting + ", show Java version=" + showJava);
            reply(exchange, 200, "text/plain", "");
        });
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                reply(exchange, 405, "text/plain", "Only GET is supported.");
            } else if (path.equals("/") || path.isEmpty()) {
                reply(exchange, 200, "text/html; charset=utf-8", page(id, exchange));
            } else if (path.equals("/status.json")) {
                reply(exchange, 200, "application/json", json(status(id, exchange)));
            } else {
                reply(exchange, 404, "text/plain", "Not found. Try / or /status.json.");
            }
        });
        server.start();
        System.out.println("1|1|tcp|127.0.0.1:" + server.getAddress().getPort() + "|http");
        System.out.flush();
    }

    private static boolean authorised(HttpExchange exchange, String secret) throws IOException {
        String given = exchange.getRequestHeaders().getFirst("Plugin-Console-Secret");
        if (secret == null || !secret.equals(given)) {
            reply(exchange, 403, "text/plain", "This call is for the server only.");
            return false;
        }
        return true;
    }

    private static Map<String, Object> status(String id, HttpExchange exchange) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("plugin_id", id);
        status.put("status", "ok");
        status.put("greeting", greeting);
        status.put("uptime_seconds", Duration.between(STARTED, Instant.now()).toSeconds());
        if (showJava) {
            status.put("java_version", System.getProperty("java.version"));
        }
        String user = exchange.getRequestHeaders().getFirst("Mattermost-User-Id");
        status.put("user_id", user == null ? "" : user);
        status.put("configurations_received", configurations);
        return status;
    }

    private static String page(String id, HttpExchange exchange) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>Server Status</title></head><body><h1>Server Status</h1>");
        html.append("<p id=\"greeting\">").append(escape(greeting)).append("</p><dl>");
        for (Map.Entry<String, Object> entry : status(id, exchange).entrySet()) {
            html.append("<dt>").append(escape(entry.getKey())).append("</dt><dd>")
                    .append(escape(String.valueOf(entry.getValue()))).append("</dd>");
        }
        return html.append("</dl><p><a href=\"status.json\">status.json</a></p></body></html>").toString();
    }

    /** A string member of a flat JSON object, or null; enough for the settings the console sends. */
    static String stringValue(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            return null;
        }
        String raw = m.group(1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static String json(Map<String, Object> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(entry.getKey())).append(':');
            Object value = entry.getValue();
            out.append(value instanceof Number ? value.toString() : quote(String.valueOf(value)));
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, bytes.length == 0 || head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
