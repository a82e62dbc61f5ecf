package io.pluginconsole.cluster;

import static io.pluginconsole.cluster.ClusterNodes.await;
import static io.pluginconsole.cluster.ClusterNodes.state;
import static io.pluginconsole.cluster.ClusterNodes.upload;
import static io.pluginconsole.cluster.ClusterNodes.version;
import static io.pluginconsole.cluster.ClusterNodes.webPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.testing.Api;
import io.pluginconsole.testing.S3TestServer;
import io.pluginconsole.testing.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several real nodes sharing PostgreSQL and an S3 bucket converge by themselves. */
class ClusterTest {
    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String PAGE = "/admin_console/plugins/plugin_management";
    static EmbeddedPostgres postgres;
    static S3TestServer s3;

    @TempDir
    Path root;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        s3 = new S3TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        postgres.close();
    }

    private static boolean runs(TestServer node, String id, String version) {
        return state(node, id) == PluginState.RUNNING && version.equals(version(node, id));
    }

    @Test
    void installUpgradeDisableEnableSettingsAndRemovePropagate() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(root, postgres, s3, 30, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            TestServer c = cluster.start("c");
            List<TestServer> all = List.of(a, b, c);
            String admin = a.token(TestServer.ADMIN);
            Api apiA = new Api(a.url());
            String id = "com.example.shared";

            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            await(all, n -> "1.0.0".equals(version(n, id)), CONVERGE, "installed everywhere");
            assertThat(apiA.post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
            await(all, n -> runs(n, id, "1.0.0"), CONVERGE, "running everywhere");

            assertThat(upload(b, admin, webPlugin(id, "2.0.0")).status()).as("upgrade on another node").isEqualTo(201);
            await(all, n -> runs(n, id, "2.0.0"), CONVERGE, "upgraded everywhere");
            assertThat(all).allSatisfy(n -> assertThat(n.server().console().plugins().alerts())
                    .as("an upgrade elsewhere is no integrity alert").isEmpty());

            assertThat(new Api(c.url()).post("/api/v4/plugins/" + id + "/disable", null, Api.bearer(admin)).status())
                    .isEqualTo(200);
            await(all, n -> state(n, id) == PluginState.NOT_RUNNING, CONVERGE, "disabled everywhere");
            assertThat(apiA.post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
            await(all, n -> runs(n, id, "2.0.0"), CONVERGE, "enabled again everywhere");

            a.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                    .withObjectProperty("Plugins").putObject(id).put("greeting", "hello cluster"));
            await(all, n -> "hello cluster".equals(io.pluginconsole.plugins.PluginService
                    .settings(n.server().console().config().current(), id).get("greeting")), CONVERGE,
                    "settings seen everywhere");

            var statuses = new Api(b.url()).get("/api/v4/plugins/statuses", Api.bearer(admin)).json();
            List<String> clusterIds = new ArrayList<>();
            statuses.forEach(s -> clusterIds.add(s.get("cluster_id").asText()));
            assertThat(clusterIds).as("one entry per node").hasSize(3).doesNotContain("").doesNotHaveDuplicates();

            // The page shows Cluster Instance | Version | State per plugin, the nodes, and runs "Reconcile now".
            Api pageB = new Api(b.url());
            String cookie = "MMAUTHTOKEN=" + b.token(TestServer.ADMIN);
            String page = pageB.get(PAGE, "Cookie", cookie).body();
            assertThat(page).contains("Cluster Instance").contains("id=\"reconcile-now\"")
                    .doesNotContain("multiple versions of this plugin");
            for (TestServer n : all) {
                String nodeId = n.server().cluster().orElseThrow().nodeId();
                assertThat(page).contains("data-cluster-id=\"" + nodeId + "\"").contains("data-node-id=\"" + nodeId + "\"");
            }
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                    .matcher(page);
            assertThat(csrf.find()).isTrue();
            Api.Response reconcile = pageB.send("POST", PAGE + "/reconcile",
                    java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1)), "Cookie", cookie,
                    "Content-Type", "application/x-www-form-urlencoded");
            assertThat(reconcile.status()).isEqualTo(303);
            assertThat(pageB.get(PAGE, "Cookie", cookie).body()).contains("This node is in line with the cluster.");
            assertThat(pageB.send("POST", PAGE + "/reconcile", java.net.http.HttpRequest.BodyPublishers.ofString(""),
                    "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded").status())
                    .as("no CSRF token, no pass").isGreaterThanOrEqualTo(400);

            // A node that stops reporting is flagged offline with its last known state.
            cluster.stop(c);
            try (var db = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/" + cluster.dsn().replaceAll(".*/([^/?]+)\\?.*", "$1"), "postgres", "")) {
                db.createStatement().execute("UPDATE cluster_nodes SET last_seen = 0 WHERE id = '"
                        + c.server().cluster().orElseThrow().nodeId() + "'");
            }
            String offline = pageB.get(PAGE, "Cookie", cookie).body();
            assertThat(offline).contains("data-online=\"false\"").contains("some nodes are offline");
            all = List.of(a, b);

            assertThat(new Api(b.url()).delete("/api/v4/plugins/" + id, Api.bearer(admin)).status()).isEqualTo(200);
            await(all, n -> version(n, id) == null && state(n, id) == PluginState.NOT_RUNNING, CONVERGE,
                    "removed everywhere");
        }
    }

    @Test
    void aNodeStartedLaterAndANodeDownDuringAnUpgradeCatchUp() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(root, postgres, s3, 30, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            String admin = a.token(TestServer.ADMIN);
            String id = "com.example.catchup";
            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            assertThat(new Api(a.url()).post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status())
                    .isEqualTo(200);
            await(List.of(a, b), n -> runs(n, id, "1.0.0"), CONVERGE, "running on a and b");

            cluster.stop(b);
            assertThat(upload(a, admin, webPlugin(id, "1.1.0")).status()).isEqualTo(201);
            TestServer c = cluster.start("c");
            assertThat(runs(c, id, "1.1.0")).as("a new node runs the current version once started").isTrue();
            TestServer back = cluster.start("b");
            assertThat(runs(back, id, "1.1.0")).as("a node down during the upgrade catches up at start").isTrue();
            assertThat(back.server().console().plugins().alerts()).isEmpty();

            // A plugin unpacked by hand on one node stays there and is shown as local to it.
            Path manual = back.root().resolve("plugins/com.example.handmade");
            java.nio.file.Files.createDirectories(manual);
            java.nio.file.Files.writeString(manual.resolve("plugin.json"),
                    "{\"id\":\"com.example.handmade\",\"name\":\"Handmade\",\"version\":\"0.1.0\","
                            + "\"webapp\":{\"bundle_path\":\"main.js\"}}");
            java.nio.file.Files.writeString(manual.resolve("main.js"), "registerPlugin()");
            back.server().cluster().orElseThrow().reconcileNow();
            a.server().cluster().orElseThrow().reconcileNow();
            assertThat(version(back, "com.example.handmade")).isEqualTo("0.1.0");
            assertThat(version(a, "com.example.handmade")).isNull();
            var local = a.server().cluster().orElseThrow().statuses().stream()
                    .filter(s -> s.pluginId().equals("com.example.handmade")).toList();
            assertThat(local).hasSize(1);
            assertThat(local.get(0).managed()).isFalse();
        }
    }

    /** Each node's published entry for {@code id}, by node id, as the statuses API of {@code viewer} shows them. */
    private static Map<String, com.fasterxml.jackson.databind.JsonNode> statusesOf(TestServer viewer, String admin,
                                                                                    String id) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> byNode = new java.util.HashMap<>();
        new Api(viewer.url()).get("/api/v4/plugins/statuses", Api.bearer(admin)).json().forEach(s -> {
            if (s.get("plugin_id").asText().equals(id)) {
                byNode.put(s.get("cluster_id").asText(), s);
            }
        });
        return byNode;
    }

    private static String nodeId(TestServer node) {
        return node.server().cluster().orElseThrow().nodeId();
    }

    @Test
    void nodesSharingOneFileStoreFolderAreDistinctNodes() throws Exception {
        Path shared = root.resolve("shared-store");
        java.nio.file.Files.createDirectories(shared);
        // An id left in the shared folder by an earlier version must not be taken by any node.
        java.nio.file.Files.writeString(shared.resolve(".cluster-node-id"), "formerly-shared-id");
        try (ClusterNodes cluster = ClusterNodes.sharingFolder(root, postgres, shared, 30, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            String admin = a.token(TestServer.ADMIN);
            String id = "com.example.sharedfolder";
            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            assertThat(new Api(a.url()).post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status())
                    .isEqualTo(200);
            await(List.of(a, b), n -> runs(n, id, "1.0.0"), CONVERGE, "running on a and b");

            TestServer c = cluster.start("c");
            List<TestServer> all = List.of(a, b, c);
            List<String> ids = all.stream().map(ClusterTest::nodeId).toList();
            assertThat(ids).as("one id per node").doesNotHaveDuplicates().doesNotContain("formerly-shared-id");
            assertThat(a.server().cluster().orElseThrow().nodes()).extracting(n -> n.id())
                    .as("the registry").containsExactlyInAnyOrderElementsOf(ids);
            for (String name : List.of("a", "b", "c")) {
                Path file = cluster.dataFolder(name).resolve("cluster-node-id");
                assertThat(java.nio.file.Files.readString(file).trim()).isIn(ids);
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
            assertThat(shared.resolve("cluster-node-id")).doesNotExist();
            assertThat(java.nio.file.Files.readString(shared.resolve(".cluster-node-id")))
                    .as("the old file is left alone").isEqualTo("formerly-shared-id");

            // The node started later shows as caught up: its own entry, seen from another node.
            assertThat(runs(c, id, "1.0.0")).isTrue();
            var seenFromA = statusesOf(a, admin, id);
            assertThat(seenFromA).containsOnlyKeys(ids);
            assertThat(seenFromA.get(nodeId(c)).get("version").asText()).isEqualTo("1.0.0");
            assertThat(seenFromA.get(nodeId(c)).get("state").asInt()).isEqualTo(PluginState.RUNNING.code());

            // A disable on one node shows as stopped on all three.
            assertThat(new Api(b.url()).post("/api/v4/plugins/" + id + "/disable", null, Api.bearer(admin)).status())
                    .isEqualTo(200);
            await(all, n -> state(n, id) == PluginState.NOT_RUNNING, CONVERGE, "stopped everywhere");
            await(all, n -> {
                var seen = statusesOf(n, admin, id);
                return seen.keySet().containsAll(ids) && ids.stream()
                        .allMatch(node -> seen.get(node).get("state").asInt() == PluginState.NOT_RUNNING.code());
            }, CONVERGE, "every node shows every node stopped");

            // A restarted node is the same node.
            String before = nodeId(c);
            cluster.stop(c);
            assertThat(nodeId(cluster.start("c"))).isEqualTo(before);
        }
    }

    @Test
    void aNodeWhoseDataFolderIsItsFileStoreFolderKeepsItsFormerId() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(root, postgres, s3, 30, true)) {
            // Before ServiceSettings.DataDirectory, the id was kept in ./data/.cluster-node-id.
            java.nio.file.Files.createDirectories(root.resolve("a/data"));
            java.nio.file.Files.writeString(root.resolve("a/data/.cluster-node-id"), "upgraded-node-id\n");
            TestServer a = cluster.start("a");
            assertThat(nodeId(a)).isEqualTo("upgraded-node-id");
            assertThat(java.nio.file.Files.readString(root.resolve("a/data/cluster-node-id"))).isEqualTo("upgraded-node-id");
        }
    }

    @Test
    void aNodeKeepingItsDataInTheSharedFileStoreFolderIsWarned() throws Exception {
        Path shared = root.resolve("shared-store");
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.pluginconsole.app.ClusterMember");
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try (ClusterNodes cluster = ClusterNodes.sharingFolder(root, postgres, shared, 30, true)) {
            cluster.start("a", Map.of("MM_SERVICESETTINGS_DATADIRECTORY", shared.toString()));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("ServiceSettings.DataDirectory is the file-store folder " + shared)
                .contains("Give each node a data folder of its own"));
    }

    @Test
    void aTamperedStoredBundleIsNotInstalledAndIsReported() throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(root, postgres, s3, 30, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            String admin = a.token(TestServer.ADMIN);
            String id = "com.example.tampered";
            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            await(List.of(a, b), n -> "1.0.0".equals(version(n, id)), CONVERGE, "installed");
            // Someone with access to the bucket replaces the bundle behind the console's back.
            byte[] forged = webPlugin(id, "6.6.6");
            a.server().console().store().write("plugins/" + id + ".tar.gz",
                    new java.io.ByteArrayInputStream(forged), forged.length);
            // Nodes that run the recorded bundle keep it; a node that needs the bundle refuses it and says why.
            b.server().cluster().orElseThrow().reconcileNow();
            assertThat(version(b, id)).isEqualTo("1.0.0");
            TestServer c = cluster.start("c");
            assertThat(version(c, id)).isNull();
            var reconciler = c.server().cluster().orElseThrow();
            assertThat(c.server().console().plugins().alerts()).anySatisfy(p -> assertThat(p).contains("integrity check"));
            var mine = reconciler.statuses().stream()
                    .filter(s -> s.nodeId().equals(reconciler.nodeId()) && s.pluginId().equals(id)).toList();
            assertThat(mine).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(PluginState.FAILED_TO_START.code());
                assertThat(s.error()).contains("integrity check");
            });
        }
    }

    @Test
    void s3UnavailableDuringAnUploadChangesNoNode() throws Exception {
        S3TestServer own = new S3TestServer();
        try (ClusterNodes cluster = new ClusterNodes(root, postgres, own, 30, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            String admin = a.token(TestServer.ADMIN);
            String id = "com.example.s3down";
            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            await(List.of(a, b), n -> "1.0.0".equals(version(n, id)), CONVERGE, "installed");

            own.close();
            Api.Response failed = upload(a, admin, webPlugin(id, "2.0.0"));
            assertThat(failed.status()).isGreaterThanOrEqualTo(500);
            assertThat(failed.json().get("message").asText()).contains("file store");
            b.server().cluster().orElseThrow().reconcileNow();
            assertThat(version(a, id)).isEqualTo("1.0.0");
            assertThat(version(b, id)).isEqualTo("1.0.0");
        }
    }

    @Test
    void theDatabaseRestartedMidWayNodesKeepServingAndConvergeAfter(@TempDir Path pgdata) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var builder = EmbeddedPostgres.builder().setPort(port).setDataDirectory(pgdata).setCleanDataDirectory(false);
        EmbeddedPostgres own = builder.start();
        try (ClusterNodes cluster = new ClusterNodes(root, own, s3, 2, true)) {
            TestServer a = cluster.start("a");
            TestServer b = cluster.start("b");
            String admin = a.token(TestServer.ADMIN);
            String id = "com.example.dbrestart";
            assertThat(upload(a, admin, webPlugin(id, "1.0.0")).status()).isEqualTo(201);
            assertThat(new Api(a.url()).post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status())
                    .isEqualTo(200);
            await(List.of(a, b), n -> runs(n, id, "1.0.0"), CONVERGE, "running before the restart");

            own.close();
            List<String> problems = b.server().cluster().orElseThrow().reconcileNow();
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("database"));
            assertThat(runs(b, id, "1.0.0")).as("keeps serving without the database").isTrue();

            own = builder.start();
            Api.Response upgrade = null;
            for (int i = 0; i < 20 && (upgrade == null || upgrade.status() != 201); i++) {
                upgrade = upload(a, admin, webPlugin(id, "2.0.0")); // the pool reconnects on demand
                if (upgrade.status() != 201) {
                    Thread.sleep(250);
                }
            }
            assertThat(upgrade.status()).isEqualTo(201);
            Duration took = await(List.of(a, b), n -> runs(n, id, "2.0.0"), CONVERGE, "converged after the restart");
            System.out.printf("Converged %d ms after the database came back%n", took.toMillis());
        } finally {
            own.close();
        }
    }

    /** Prints, never asserts, timings; bench/cluster.sh runs it with -Dcluster.rounds=20. */
    @Test
    void convergenceTimeWithEventsAndWithTheTimerOnly() throws Exception {
        int rounds = Integer.getInteger("cluster.rounds", 5);
        measure("events on (timer 30 s)", 30, true, rounds);
        measure("events off (timer 2 s)", 2, false, Math.max(2, rounds / 2));
    }

    private void measure(String label, int interval, boolean events, int rounds) throws Exception {
        try (ClusterNodes cluster = new ClusterNodes(root.resolve(events ? "on" : "off"), postgres, s3, interval,
                events)) {
            TestServer a = cluster.start("a");
            List<TestServer> all = List.of(a, cluster.start("b"), cluster.start("c"));
            String admin = a.token(TestServer.ADMIN);
            Api api = new Api(a.url());
            Duration timeout = Duration.ofSeconds(3L * interval + 10);
            List<Long> install = new ArrayList<>();
            List<Long> disable = new ArrayList<>();
            List<Long> enable = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String id = "com.example.round" + round;
                a.server().console().config().update(tree -> tree.withObjectProperty("PluginSettings")
                        .withObjectProperty("PluginStates").putObject(id).put("Enable", true));
                byte[] bundle = webPlugin(id, "1.0." + round);
                assertThat(upload(a, admin, bundle).status()).isEqualTo(201);
                install.add(await(all, n -> state(n, id) == PluginState.RUNNING, timeout, "install " + round).toMillis());
                assertThat(api.post("/api/v4/plugins/" + id + "/disable", null, Api.bearer(admin)).status()).isEqualTo(200);
                disable.add(await(all, n -> state(n, id) == PluginState.NOT_RUNNING, timeout, "disable " + round)
                        .toMillis());
                assertThat(api.post("/api/v4/plugins/" + id + "/enable", null, Api.bearer(admin)).status()).isEqualTo(200);
                enable.add(await(all, n -> state(n, id) == PluginState.RUNNING, timeout, "enable " + round).toMillis());
            }
            print(label, "install (upload accepted on A -> Running on all)", install);
            print(label, "disable (accepted on A -> stopped on all)", disable);
            print(label, "enable (accepted on A -> Running on all)", enable);
        }
    }

    private static void print(String label, String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(Long::compare);
        System.out.printf("Cluster convergence, %s, 3 nodes, %d rounds, %s: p50 %d ms, p99 %d ms, max %d ms%n",
                label, sorted.size(), what, percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
