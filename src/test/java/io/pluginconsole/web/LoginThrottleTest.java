package io.pluginconsole.web;

import static io.pluginconsole.web.ConsoleSecurityTest.cookie;
import static io.pluginconsole.web.ConsoleSecurityTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.db.AuditLog;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in limits through the real server. The server sees the socket's address, so other clients
 * connect from other loopback addresses (Linux routes all of 127/8 to lo). Each test uses its own
 * address, the server being shared.
 */
class LoginThrottleTest {
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(root);
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A status, the lower-cased headers and the body of one HTTP exchange. */
    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    /** POSTs a JSON body from the given local address (HTTP/1.0, so the reply is neither chunked nor kept open). */
    static Reply postFrom(String localAddress, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            List<String> head = text.substring(0, split).lines().toList();
            Map<String, String> headers = head.stream().skip(1).filter(l -> l.contains(":")).collect(Collectors.toMap(
                    l -> l.substring(0, l.indexOf(':')).trim().toLowerCase(), l -> l.substring(l.indexOf(':') + 1).trim(),
                    (a, b) -> a));
            return new Reply(Integer.parseInt(head.get(0).split(" ")[1]), headers, text.substring(split + 4));
        }
    }

    static Reply login(String from, String loginId, String password) throws IOException {
        return postFrom(from, "/api/v4/users/login", Api.json(Map.of("login_id", loginId, "password", password)));
    }

    /** The error body without the parts that differ per request. */
    static JsonNode stable(Reply r) throws IOException {
        ObjectNode json = (ObjectNode) r.json();
        json.remove("request_id");
        return json;
    }

    // Item 5: a stranger guessing at the administrator's password never keeps the administrator out.
    @Test
    void guessingFromAnotherAddressDoesNotLockTheOwnerOut() throws IOException {
        for (int i = 0; i < 12; i++) {
            assertThat(login("127.0.0.2", TestServer.ADMIN, "guess-" + i).status()).isEqualTo(401);
        }
        // the guesser is locked out of this account, even with the right password
        assertThat(login("127.0.0.2", TestServer.ADMIN, TestServer.PASSWORD).status()).isEqualTo(401);
        Reply owner = login("127.0.0.1", TestServer.ADMIN, TestServer.PASSWORD);
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
        assertThat(owner.headers().get("token")).hasSize(26);
    }

    // Item 5: unknown, wrong and locked answer alike, so the answer does not tell which accounts exist.
    @Test
    void unknownWrongAndLockedAnswerAlike() throws IOException {
        Reply wrong = login("127.0.0.3", TestServer.USER, "not-the-password");
        Reply unknown = login("127.0.0.3", "no-such-account", "not-the-password");
        for (int i = 0; i < 5; i++) {
            login("127.0.0.3", TestServer.USER, "another-guess-" + i);
        }
        Reply locked = login("127.0.0.3", TestServer.USER, TestServer.PASSWORD);
        for (Reply r : List.of(unknown, locked)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(stable(r)).isEqualTo(stable(wrong));
            assertThat(r.headers()).doesNotContainKey("retry-after");
        }
        assertThat(stable(wrong).get("id").asText()).isEqualTo("api.user.login.invalid_credentials_email_username");
    }

    // Item 5 and W33: one address spraying many accounts is slowed down, with Retry-After; others are not.
    @Test
    void oneAddressSprayingManyAccountsIsThrottled() throws IOException {
        for (int i = 0; i < 20; i++) {
            assertThat(login("127.0.0.4", "sprayed-" + i, "password-" + i).status()).isEqualTo(401);
        }
        Reply throttled = login("127.0.0.4", TestServer.USER, TestServer.PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().get("retry-after")).matches("[1-9]\\d*");
        assertThat(throttled.json().get("message").asText()).startsWith("Too many attempts");
        assertThat(login("127.0.0.5", TestServer.USER, TestServer.PASSWORD).status()).isEqualTo(200);
        long failures = server.server().accounts().audit().latest(200).stream()
                .filter(e -> "127.0.0.4".equals(e.ipAddress()) && e.action().equals("login")
                        && e.result().equals("failure")).count();
        assertThat(failures).isEqualTo(21);
    }

    // Item 5: the sign-in page answers a locked account exactly as a wrong password.
    @Test
    void theSignInPageShowsLockedAsWrongPassword() throws IOException {
        String owner = "user@example.com";
        for (int i = 0; i < 5; i++) { // lock the account for 127.0.0.1 by its email
            assertThat(api.post("/api/v4/users/login", Api.json(Map.of("login_id", owner, "password", "x" + i)))
                    .status()).isEqualTo(401);
        }
        Api.Response locked = pageLogin(owner, TestServer.PASSWORD);
        Api.Response wrong = pageLogin("no-such-account", TestServer.PASSWORD);
        assertThat(locked.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(errorText(locked.body())).isEqualTo(errorText(wrong.body())).isNotBlank();
        assertThat(locked.header("Retry-After")).isNull();
    }

    private static Api.Response pageLogin(String loginId, String password) {
        Api.Response form = api.get("/login");
        String body = "csrf=" + field(form.body(), "csrf") + "&login_id=" + URLEncoder.encode(loginId,
                StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return api.send("POST", "/login", java.net.http.HttpRequest.BodyPublishers.ofString(body), "Content-Type",
                "application/x-www-form-urlencoded", "Cookie", "MMLOGINCSRF=" + cookie(form, "MMLOGINCSRF"));
    }

    private static String errorText(String html) {
        int at = html.indexOf("id=\"login-error\"");
        return at < 0 ? "" : html.substring(html.indexOf('>', at) + 1, html.indexOf("</p>", at));
    }

    // Item 10: an over-long login id (padded, or just long) is still audited, bounded to the column.
    @Test
    void overLongLoginIdsAreAudited() throws IOException {
        String padded = " ".repeat(100) + "admin" + " ".repeat(100);
        assertThat(login("127.0.0.6", padded, TestServer.PASSWORD).status()).isEqualTo(200);
        String unknown = "x".repeat(200);
        assertThat(login("127.0.0.6", unknown, "whatever-password").status()).isEqualTo(401);
        List<AuditLog.Entry> rows = server.server().accounts().audit().latest(200).stream()
                .filter(e -> "127.0.0.6".equals(e.ipAddress())).toList();
        assertThat(rows).anySatisfy(e -> {
            assertThat(e.result()).isEqualTo("success");
            assertThat(e.username()).isEqualTo("admin");
        });
        assertThat(rows).anySatisfy(e -> {
            assertThat(e.result()).isEqualTo("failure");
            assertThat(e.username()).isEqualTo("x".repeat(64));
        });
    }
}
