package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pluginconsole.logs.JsonLineEncoder;
import io.pluginconsole.logs.LogReads;
import io.pluginconsole.logs.LogReader;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server log's limits, through the real server: the file rotates before it passes its size,
 * a huge entry is cut, files and folder are private, pages of the log are bounded in bytes, and
 * only a few reads run at once.
 */
class LogLimitsTest {
    static final String PAGE = "/admin_console/reporting/server_logs";
    /** One entry of the bulk: about 100 KB of message. */
    static final int ENTRY = 100 * 1024;
    static final int ENTRIES = 250;
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    static TestServer server;
    static Api api;
    static Path file;
    static long largestFile;

    @BeforeAll
    static void startAndFillTheLog() throws Exception {
        server = TestServer.start(root);
        api = new Api(server.url());
        file = root.resolve("logs").resolve(ServerLogFile.FILE_NAME);
        Logger bulk = LoggerFactory.getLogger("io.pluginconsole.bulk");
        String filler = "x".repeat(ENTRY);
        for (int i = 0; i < ENTRIES; i++) {
            bulk.info("bulk {} {}", i, filler);
            largestFile = Math.max(largestFile, Files.size(file));
        }
        bulk.info("huge entry {}", "y".repeat(900 * 1024));
        largestFile = Math.max(largestFile, Files.size(file));
        bulk.info("newest bulk entry");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String admin() {
        return server.token(TestServer.ADMIN);
    }

    @Test
    void fileRotatesBeforeItPassesItsLimit() {
        // 25 MB of entries: never more than the limit plus one entry in the current file.
        assertThat(largestFile).isLessThanOrEqualTo(ServerLogFile.MAX_FILE_BYTES + ENTRY + 1024);
        assertThat(file.resolveSibling(ServerLogFile.FILE_NAME + ".1")).isRegularFile();
        assertThat(file.resolveSibling(ServerLogFile.FILE_NAME + ".2")).isRegularFile();
    }

    @Test
    void aHugeEntryIsCutWithANote() throws Exception {
        String huge = Files.readAllLines(file).stream().filter(l -> l.contains("huge entry")).findFirst().orElseThrow();
        assertThat(huge.length()).isLessThan(JsonLineEncoder.MAX_FIELD + 1024);
        String message = JSON.readTree(huge).get("message").asText();
        assertThat(message).endsWith("y [message truncated: " + (900 * 1024 + "huge entry ".length()
                - JsonLineEncoder.MAX_FIELD) + " characters dropped]");
    }

    @Test
    void logFolderAndFilesAreReadableOnlyByTheServer() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("logs"))))
                .isEqualTo("rwx------");
        for (Path f : List.of(file, file.resolveSibling(ServerLogFile.FILE_NAME + ".1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void apiPageIsBoundedInBytes() throws Exception {
        Api.Response r = api.get("/api/v4/logs?page=0&logs_per_page=10000", Api.bearer(admin()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length()).isLessThan(LogReader.PAGE_BYTES + 256 * 1024);
        JsonNode lines = r.json();
        assertThat(lines.size()).isGreaterThan(5).isLessThan(ENTRIES);
        // The newest lines are the ones kept, oldest first.
        assertThat(lines.toString()).contains("newest bulk entry");
        for (JsonNode line : lines) {
            JSON.readTree(line.asText());
        }
    }

    @Test
    void consolePageIsBoundedInBytesAndSaysWhatWasShortened() {
        Api.Response r = api.get(PAGE + "?per_page=1000&q=bulk", "Cookie", "MMAUTHTOKEN=" + admin());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().split("class=\"log-row\"", -1).length - 1).isGreaterThan(ENTRIES);
        assertThat(r.body().length()).isLessThan(LogReader.PAGE_BYTES + 512 * 1024);
        assertThat(r.body()).contains("x [shown: message truncated: ");
    }

    @Test
    void readsBeyondTheLimitAreRefusedWith503AndRetryAfter() {
        List<LogReads.Permit> running = new ArrayList<>();
        try {
            for (int i = 0; i < LogReads.MAX_AT_ONCE; i++) {
                running.add(server.server().log().reads().tryStart().orElseThrow());
            }
            Api.Response refused = api.get("/api/v4/logs?logs_per_page=1", Api.bearer(admin()));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(LogReads.RETRY_AFTER_SECONDS));
            assertThat(refused.json().get("id").asText()).isEqualTo("api.system.logs.busy.app_error");
            assertThat(refused.json().get("message").asText()).contains("Try again in");

            Api.Response page = api.get(PAGE, "Cookie", "MMAUTHTOKEN=" + admin());
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.header("Retry-After")).isEqualTo(String.valueOf(LogReads.RETRY_AFTER_SECONDS));
            assertThat(page.body()).contains("Reload this page in a few seconds");
        } finally {
            running.forEach(LogReads.Permit::close);
        }
        assertThat(api.get("/api/v4/logs?logs_per_page=1", Api.bearer(admin())).status()).isEqualTo(200);
        assertThat(api.get(PAGE, "Cookie", "MMAUTHTOKEN=" + admin()).status()).isEqualTo(200);
    }
}
