package io.pluginconsole.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;

/**
 * A start that ends by itself: the server starts, answers a few requests of its own (the ping, its
 * status with the database's, the first console page) and stops. The build runs the packaged jar
 * this way once to record which classes a start loads into a class-data archive, so that later
 * starts map them instead of loading them one by one.
 */
public final class WarmUpRun {
    /** What a first visit asks for: the ping, the status with the database's, and the page it lands on. */
    static final List<String> PATHS = List.of("/api/v4/system/ping", "/api/v4/system/ping?get_server_status=true",
            "/setup", "/login");

    private WarmUpRun() {
    }

    /** Requests each of {@link #PATHS} from the server once; fails when one does not answer. */
    public static void exercise(ConsoleServer server) {
        for (String path : PATHS) {
            int status = get(URI.create("http://127.0.0.1:" + server.port() + path));
            if (status >= 500) {
                throw new IllegalStateException("The warm-up request " + path + " failed with " + status);
            }
        }
    }

    private static int get(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(60_000);
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            connection.disconnect();
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException("The warm-up request " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
