package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The few API v4 calls the CLI makes, as mmctl's Go client makes them: a Bearer token, JSON in
 * and out, and any status of 300 or more read as an AppError whose message is what gets printed.
 */
final class ServerClient {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Uploads and downloads by the server can take a while for bundles near the size limit. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    ServerClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // HTTP/1.1 keeps plain-http servers from being asked for an h2c upgrade mid-upload.
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect would resend the token and body to another address; report it instead.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What a password login returns: the session token (from the Token header) and the user. */
    record Login(String token, JsonNode user) {
    }

    /** "https://host/sub/" → "https://host/sub"; only http(s) URLs with a host are accepted. */
    static String normaliseUrl(String raw) {
        try {
            URI uri = new URI(raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(raw, "not a server address");
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return text;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + raw + "\" is not a server address; use one like "
                    + "https://plugins.example.com");
        }
    }

    Login login(String loginId, String password) {
        String body = json(Map.of("login_id", loginId, "password", password));
        HttpResponse<byte[]> response = send(request("/api/v4/users/login", CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        String sessionToken = response.headers().firstValue("Token").orElse("");
        if (sessionToken.isEmpty()) {
            throw new ServerException(response.statusCode(), "",
                    "the server accepted the login but sent no session token; is " + baseUrl
                            + " a Plugin Console or Mattermost server?");
        }
        return new Login(sessionToken, parse(response));
    }

    JsonNode me() {
        return parse(send(request("/api/v4/users/me", CALL_TIMEOUT).GET().build()));
    }

    void logout() {
        send(request("/api/v4/users/logout", CALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * Sends the bundle as mmctl does: part "plugin", file name "plugin.tar.gz", and force=true when
     * forcing; a signature goes in the part "signature" (file name "plugin.tar.gz.sig").
     */
    JsonNode uploadPlugin(Path bundle, Path signature, boolean force) throws IOException {
        if (!Files.exists(bundle)) {
            throw new NoSuchFileException(bundle.toString());
        }
        if (!Files.isRegularFile(bundle)) {
            throw new IOException("not a file");
        }
        MultipartBody body = new MultipartBody();
        if (force) {
            body.field("force", "true");
        }
        body.file("plugin", "plugin.tar.gz", bundle);
        if (signature != null) {
            body.file("signature", "plugin.tar.gz.sig", signature);
        }
        return parse(send(request("/api/v4/plugins", INSTALL_TIMEOUT)
                .header("Content-Type", body.contentType())
                .POST(body.publisher()).build()));
    }

    JsonNode installFromUrl(String url, boolean force) {
        String path = "/api/v4/plugins/install_from_url?plugin_download_url="
                + URLEncoder.encode(url, StandardCharsets.UTF_8) + "&force=" + force;
        return parse(send(request(path, INSTALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    void enable(String id) {
        send(request("/api/v4/plugins/" + pathSegment(id) + "/enable", CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    void disable(String id) {
        send(request("/api/v4/plugins/" + pathSegment(id) + "/disable", CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    void remove(String id) {
        send(request("/api/v4/plugins/" + pathSegment(id), CALL_TIMEOUT).DELETE().build());
    }

    /** {@code {"active": [...], "inactive": [...]}}. */
    JsonNode plugins() {
        return parse(send(request("/api/v4/plugins", CALL_TIMEOUT).GET().build()));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "plugin-console-cli");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new ServerException(0, "", "cannot connect to " + baseUrl + ": no answer within 10 seconds");
        } catch (ConnectException e) {
            throw new ServerException(0, "", "cannot connect to " + baseUrl + " (connection refused); "
                    + "is the server running?");
        } catch (HttpTimeoutException e) {
            throw new ServerException(0, "", "the server at " + baseUrl + " did not answer in time");
        } catch (IOException e) {
            throw new ServerException(0, "", "the connection to " + baseUrl + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException(0, "", "interrupted");
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new ServerException(status, "", "the server answered with a redirect to "
                    + response.headers().firstValue("Location").orElse("another address")
                    + "; log in with the server's final address");
        }
        if (status >= 400) {
            throw appError(response);
        }
        return response;
    }

    /** The AppError's message; anything else (a proxy's HTML page) is named by its status. */
    private ServerException appError(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            JsonNode error = MAPPER.readTree(response.body());
            if (error != null && error.hasNonNull("message") && !error.get("message").asText().isBlank()) {
                return new ServerException(status, error.path("id").asText(""), error.get("message").asText());
            }
        } catch (IOException notJson) {
            // fall through to the generic message
        }
        return new ServerException(status, "", "the server answered HTTP " + status + " without an error message; is "
                + baseUrl + " a Plugin Console or Mattermost server?");
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        try {
            JsonNode node = MAPPER.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new ServerException(response.statusCode(), "", "the server's answer is not JSON; is " + baseUrl
                    + " a Plugin Console or Mattermost server?");
        }
    }

    private static String json(Map<String, String> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ids are sent encoded so that a stray '/' or space cannot change which route is called. */
    private static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
