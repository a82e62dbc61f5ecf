package io.pluginconsole.cli;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A multipart/form-data body whose file parts are read from disk as the request is sent, so a
 * bundle of any size costs a few buffers of memory, and whose length is known up front (no
 * chunked encoding, which some proxies refuse).
 */
final class MultipartBody {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary = "plugin-console-" + HexFormat.of().formatHex(randomBytes());
    private final List<BodyPublisher> parts = new ArrayList<>();

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    MultipartBody field(String name, String value) {
        parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n\r\n"
                + value + "\r\n"));
        return this;
    }

    /** Streams {@code file}; fails now (not halfway through the request) if it cannot be opened. */
    MultipartBody file(String name, String filename, Path file) throws FileNotFoundException {
        parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name)
                + "\"; filename=\"" + quoted(filename) + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        parts.add(BodyPublishers.ofFile(file));
        parts.add(text("\r\n"));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    BodyPublisher publisher() {
        List<BodyPublisher> all = new ArrayList<>(parts);
        all.add(text("--" + boundary + "--\r\n"));
        return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
    }

    private static BodyPublisher text(String text) {
        return BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Names here are fixed by the caller; refuse anything that could break out of the header. */
    private static String quoted(String value) {
        if (value.chars().anyMatch(c -> c == '"' || c == '\r' || c == '\n' || c == '\\')) {
            throw new IllegalArgumentException("unsafe multipart name: " + value);
        }
        return value;
    }
}
