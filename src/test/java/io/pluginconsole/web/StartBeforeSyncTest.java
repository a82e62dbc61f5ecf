package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up pass over the file store runs after the server listens: a file store that does not
 * answer at all (an S3 endpoint that accepts connections and never replies) does not keep the
 * console, the API or ping from answering.
 */
class StartBeforeSyncTest {

    @Test
    void theServerAnswersWhileTheFileStoreHangs(@TempDir Path root) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // never read, never answered
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> s3 = Map.of(
                    "MM_FILESETTINGS_DRIVERNAME", "amazons3",
                    "MM_FILESETTINGS_AMAZONS3ENDPOINT", "127.0.0.1:" + silent.getLocalPort(),
                    "MM_FILESETTINGS_AMAZONS3BUCKET", "plugins",
                    "MM_FILESETTINGS_AMAZONS3ACCESSKEYID", "key",
                    "MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", "secret",
                    "MM_FILESETTINGS_AMAZONS3SSL", "false",
                    "MM_FILESETTINGS_AMAZONS3PATHSTYLE", "true",
                    // Each wait for the store lasts a minute: the test ends long before one is over.
                    "MM_FILESETTINGS_AMAZONS3REQUESTTIMEOUTMILLISECONDS", "60000");
            TestServer server = TestServer.startAnswering(root, s3);
            try {
                Api api = new Api(server.url());
                await().atMost(Duration.ofSeconds(30)).until(() -> !held.isEmpty());
                // The pass is now waiting for the store; everything else answers.
                assertThat(api.get("/api/v4/system/ping").status()).isEqualTo(200);
                assertThat(api.get("/api/v4/plugins").status()).as("refused, but answered").isIn(401, 403);
                assertThat(server.server().console().plugins().list()).isEmpty();
            } finally {
                silent.close(); // the store's retries are refused at once, so the stop does not wait for them
                for (Socket socket : held) {
                    socket.close();
                }
                server.close();
            }
        }
    }
}
