package io.pluginconsole.plugins.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The server's calls to an {@code http} plugin: the health ping ({@code GET /_plugin/health}) and
 * the settings push ({@code PUT /_plugin/configuration}, the plugin's settings as a JSON object,
 * Mattermost's OnConfigurationChange). Each call carries the plugin's secret.
 */
final class PluginCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Made at the first call: building it sets up TLS and a selector thread, which a server start need not wait for. */
    private volatile HttpClient client;

    private HttpClient client() {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                made = client;
            }
        }
        return made;
    }

    /** Throws when the plugin does not answer 2xx within the timeout. */
    void ping(PluginEndpoint endpoint, Duration timeout) throws IOException {
        send(endpoint, HttpRequest.newBuilder(endpoint.base().resolve("/_plugin/health")).GET(), timeout,
                "health check");
    }

    /** Sends the plugin its settings; throws when it refuses them (a non-2xx answer says why). */
    void configure(PluginEndpoint endpoint, Map<String, Object> settings, Duration timeout) throws IOException {
        byte[] body = JSON.writeValueAsBytes(settings == null ? Map.of() : settings);
        send(endpoint, HttpRequest.newBuilder(endpoint.base().resolve("/_plugin/configuration"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), timeout, "configuration");
    }

    private void send(PluginEndpoint endpoint, HttpRequest.Builder request, Duration timeout, String what)
            throws IOException {
        HttpResponse<String> response;
        try {
            response = client().send(request.timeout(timeout).header(PluginEndpoint.SECRET_HEADER, endpoint.secret())
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("the plugin did not answer its " + what + " call: " + describe(e), e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body().strip();
            if (text.length() > 300) {
                text = text.substring(0, 300) + "...";
            }
            throw new IOException("the plugin answered its " + what + " call with HTTP " + response.statusCode()
                    + (text.isEmpty() ? "" : ": " + text));
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    static URI loopback(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (!(host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost"))
                || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IOException("an http plugin must listen on 127.0.0.1:PORT, but its handshake named "
                    + address);
        }
        return URI.create("http://" + host + ":" + port);
    }
}
