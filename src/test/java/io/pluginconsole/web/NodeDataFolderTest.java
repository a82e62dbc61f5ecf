package io.pluginconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pluginconsole.app.Accounts;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.FolderWatch;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The node's own files (embedded database, setup token, staging and upload spill folders) are
 * kept in ServiceSettings.DataDirectory; FileSettings.Directory holds the file store only, since
 * several nodes may share it.
 */
class NodeDataFolderTest {
    @TempDir
    Path root;

    @Test
    void theNodesOwnFilesLandInTheDataFolderAndTheFileStoreHoldsOnlyBundles() throws Exception {
        Path node = root.resolve("node-data");
        Path store = root.resolve("shared-store");
        try (TestServer server = TestServer.start(root.resolve("wd"), Map.of(
                "MM_SERVICESETTINGS_DATADIRECTORY", node.toString(),
                "MM_FILESETTINGS_DIRECTORY", store.toString()), false)) {
            assertThat(node.resolve("pluginconsole.mv.db")).as("embedded database").isRegularFile();
            assertThat(node.resolve("setup-token")).as("setup token").isRegularFile();
            assertThat(node.resolve(".uploads")).as("upload spill folder").isDirectory();

            server.server().accounts().auth().createUser("admin@example.com", TestServer.ADMIN, TestServer.PASSWORD,
                    true);
            String token = server.token(TestServer.ADMIN);
            String id = "com.example.nodedata";
            // Larger than what a request keeps in memory, so the upload spills to disk.
            byte[] filler = new byte[256 * 1024];
            new Random(7).nextBytes(filler);
            byte[] bundle = TarBuilder.plugin(id, "{\"id\":\"" + id + "\",\"name\":\"n\",\"version\":\"1.0.0\","
                    + "\"webapp\":{\"bundle_path\":\"webapp/main.js\"}}")
                    .file(id + "/webapp/main.js", "registerPlugin()").file(id + "/filler.bin", filler).tarGz();
            List<String> staged = FolderWatch.created(node.resolve(".staging"), () -> {
                List<String> spilled = FolderWatch.created(node.resolve(".uploads"), () -> {
                    Api.Response r = new Api(server.url()).upload(token,
                            new Api.Multipart().file("plugin", "plugin.tar.gz", bundle));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                });
                assertThat(spilled).as("multipart spill files in the node's data folder").isNotEmpty();
            });
            assertThat(staged).as("staging in the node's data folder").isNotEmpty();
        }
        assertThat(store.resolve("plugins")).isDirectory();
        try (Stream<Path> files = Files.list(store)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the file store holds the bundles only").containsExactly("plugins");
        }
    }

    @Test
    void anEmptyDataFolderSettingStopsTheStartNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(root.resolve("wd"),
                        Map.of("MM_SERVICESETTINGS_DATADIRECTORY", " "), false))
                .isInstanceOf(io.pluginconsole.config.ConfigException.class)
                .hasMessageContaining("ServiceSettings.DataDirectory is empty");
    }

    @Test
    void aDefaultSingleNodeKeepsItsFilesInDotSlashData() throws Exception {
        Path wd = root.resolve("wd");
        try (TestServer ignored = TestServer.start(wd, Map.of(), false)) {
            assertThat(wd.resolve("data/pluginconsole.mv.db")).isRegularFile();
            assertThat(wd.resolve("data/setup-token")).isRegularFile();
            assertThat(wd.resolve("data/.uploads")).isDirectory();
        }
    }

    @Test
    void aDatabaseLeftInTheFileStoreFolderIsNamedInAWarningAndNotMoved() throws Exception {
        Path wd = root.resolve("wd");
        // An installation that kept everything in ./data/ (the file store folder) so far.
        try (TestServer before = TestServer.start(wd, Map.of(), true)) {
            assertThat(before.server().accounts().auth().adminExists()).isTrue();
        }
        Path old = wd.resolve("data");
        Path node = root.resolve("node-data");
        Logger logger = (Logger) LoggerFactory.getLogger(Accounts.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (TestServer after = TestServer.start(wd, Map.of("MM_SERVICESETTINGS_DATADIRECTORY", node.toString()),
                false)) {
            assertThat(after.server().accounts().auth().adminExists()).as("a new, empty database").isFalse();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains(old.toAbsolutePath().normalize().toString())
                .contains(node.toString())
                .contains("ServiceSettings.DataDirectory"));
        assertThat(old.resolve("pluginconsole.mv.db")).as("the old database stays where it was").isRegularFile();
    }
}
