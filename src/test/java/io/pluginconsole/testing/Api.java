package io.pluginconsole.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small HTTP client for API tests: requests with headers, JSON and multipart bodies. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    public Api(String base) {
        this.base = base;
    }

    /** A response with its body as text and, when it is JSON, as a tree. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public List<String> headers(String name) {
            return raw.headers().allValues(name);
        }
    }

    public Response send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public Response post(String path, String json, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json == null ? "" : json), headers);
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public static String[] bearer(String token, String... more) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A multipart/form-data body; returns the content type to send with it. */
    public static final class Multipart {
        private final String boundary = "----pc" + System.nanoTime();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public Multipart file(String field, String fileName, byte[] content) {
            part("Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/gzip\r\n", content);
            return this;
        }

        public Multipart field(String field, String value) {
            part("Content-Disposition: form-data; name=\"" + field + "\"\r\n", value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        private void part(String headers, byte[] content) {
            body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        public HttpRequest.BodyPublisher publisher() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(body.toByteArray());
            copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return HttpRequest.BodyPublishers.ofByteArray(copy.toByteArray());
        }
    }

    public Response upload(String token, Multipart form, String... headers) {
        List<String> all = new ArrayList<>(List.of(bearer(token)));
        all.addAll(List.of("Content-Type", form.contentType()));
        all.addAll(List.of(headers));
        return send("POST", "/api/v4/plugins", form.publisher(), all.toArray(String[]::new));
    }

    public static String json(Map<String, ?> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
