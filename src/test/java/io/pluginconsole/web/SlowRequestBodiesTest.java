package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send the headers of a request with a body and then the body slowly, or not at all,
 * against the real server: the excess is refused with 503 before its body is read, trickling bodies
 * are cut off, and pages, static files, ping and the API keep answering meanwhile.
 */
class SlowRequestBodiesTest {
    @TempDir
    static Path defaultsRoot;
    @TempDir
    static Path strictRoot;
    static TestServer defaults;
    static TestServer strict;

    @BeforeAll
    static void start() {
        defaults = TestServer.start(defaultsRoot);
        strict = TestServer.start(strictRoot, Map.of(
                "MM_LIMITSETTINGS_MAXREQUESTBODIESPERADDRESS", "2",
                "MM_LIMITSETTINGS_REQUESTBODYGRACESECONDS", "2",
                "MM_LIMITSETTINGS_MINREQUESTBODYBYTESPERSECOND", "100"), true);
    }

    @AfterAll
    static void stop() {
        defaults.close();
        strict.close();
    }

    @Test
    void threeHundredHeldLoginBodiesLeaveTheServerAnswering() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                held.add(startBody(defaults, "127.0.0.1", "/login", 100_000));
            }
            Api api = new Api(defaults.url());
            String token = defaults.token(TestServer.ADMIN);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);
                assertThat(api.get("/static/css/console.css").status()).isEqualTo(200);
                assertThat(api.get("/login").status()).isEqualTo(200);
                assertThat(api.get("/api/v4/plugins", Api.bearer(token)).status()).isEqualTo(200);
            }, "the server stopped answering while 300 request bodies were held");

            // The bodies beyond the per-address bound were answered at once, without waiting for them.
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(held) >= 300 - 32);
            Socket refused = held.stream().filter(SlowRequestBodiesTest::hasAnswer).findFirst().orElseThrow();
            String answer = readAnswer(refused);
            assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 10")
                    .containsIgnoringCase("Connection: close").contains("Try again in 10 seconds");
        } finally {
            closeAll(held);
        }
    }

    @Test
    void bodiesBeyondTheBoundPerAddressAreRefusedUntilOneEnds() throws Exception {
        // Its own source address, so that the other test's connections do not count.
        List<Socket> held = new ArrayList<>();
        try {
            held.add(startBody(strict, "127.0.0.3", "/api/v4/users/login", 1000));
            held.add(startBody(strict, "127.0.0.3", "/api/v4/users/login", 1000));
            held.add(startBody(strict, "127.0.0.3", "/api/v4/users/login", 1000));
            // Whichever of the three reaches the server last is the one refused.
            await().atMost(Duration.ofSeconds(10)).until(() -> held.stream().filter(SlowRequestBodiesTest::hasAnswer)
                    .count() == 1);
            Socket refused = held.stream().filter(SlowRequestBodiesTest::hasAnswer).findFirst().orElseThrow();
            String answer = readAnswer(refused);
            assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 10")
                    .containsIgnoringCase("Connection: close")
                    .contains("\"id\":\"api.context.too_many_bodies.app_error\"").contains("\"status_code\":503");
            held.remove(refused);
            refused.close();
            assertThat(held.stream().noneMatch(SlowRequestBodiesTest::hasAnswer)).isTrue();

            // Requests without a body from the same address are not counted.
            Api api = new Api(strict.url());
            assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);

            // Once a held body's connection ends, its place is free again.
            held.get(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Socket next = startBody(strict, "127.0.0.3", "/api/v4/users/login", 4)) {
                    finishBody(next, "{}\r\n");
                    assertThat(readAnswer(next)).doesNotStartWith("HTTP/1.1 503");
                }
            });
        } finally {
            closeAll(held);
        }
    }

    @Test
    void aTricklingBodyIsCutOffAfterTheGracePeriod() throws Exception {
        try (Socket slow = startBody(strict, "127.0.0.4", "/login", 100_000)) {
            OutputStream out = slow.getOutputStream();
            // One byte a second, far below the 100 bytes per second the strict server asks for.
            await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    out.write('a');
                    out.flush();
                    return slow.getInputStream().available() > 0 || isClosedByServer(slow);
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }

    /** Sends the headers of a request with a form or JSON body of {@code length} bytes and its first byte. */
    static Socket startBody(TestServer server, String from, String path, int length) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        String type = path.startsWith("/api/") ? "application/json" : "application/x-www-form-urlencoded";
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    static void finishBody(Socket socket, String body) throws IOException {
        socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    static boolean hasAnswer(Socket socket) {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static int answered(List<Socket> sockets) {
        return (int) sockets.stream().filter(SlowRequestBodiesTest::hasAnswer).count();
    }

    /** The status line, headers and body the server sent, up to its close (or 5 s of silence). */
    static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") >= 0 && complete(text)) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException | SocketException e) {
            // what has arrived is the answer
        }
        return text.toString();
    }

    private static boolean complete(StringBuilder text) {
        String lower = text.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length: ");
        if (at < 0) {
            return false;
        }
        int end = lower.indexOf("\r\n", at);
        int length = Integer.parseInt(lower.substring(at + 16, end).strip());
        return text.length() - (text.indexOf("\r\n\r\n") + 4) >= length;
    }

    private static boolean isClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
