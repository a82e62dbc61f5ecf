package io.pluginconsole.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.config.Config;
import io.pluginconsole.testing.S3TestServer;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs the contract against an in-process S3 server (a fresh bucket per test, stores built from
 * FileSettings as in production), plus what only S3 has: path prefixes, endpoints and credentials.
 */
class S3FileStoreTest extends FileStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3TestServer server;
    private static String endpoint;
    /** Sees the bucket as it really is, without the store's key handling. */
    private static S3Client raw;

    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3TestServer();
        endpoint = server.endpoint();
        raw = server.raw();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected FileStore newStore() {
        bucket = "contract-" + BUCKETS.incrementAndGet();
        raw.createBucket(b -> b.bucket(bucket));
        return S3FileStore.fromSettings(settings(endpoint, bucket, ""));
    }

    @AfterEach
    void closeStore() {
        ((S3FileStore) store).close();
    }

    @Test
    void pathPrefixIsAppliedToObjectKeysAndStrippedFromList() {
        raw.putObject(b -> b.bucket(bucket).key("elsewhere/other.tar.gz"), RequestBody.fromString("other"));

        try (S3FileStore prefixed = S3FileStore.fromSettings(settings(endpoint, bucket, "/tenant//files/"))) {
            write(prefixed, "plugins/x.tar.gz", "bundle");

            assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                    .containsExactly("elsewhere/other.tar.gz", "tenant/files/plugins/x.tar.gz");
            assertThat(prefixed.list("")).containsExactly("plugins/x.tar.gz");
            assertThat(prefixed.list("plugins/")).containsExactly("plugins/x.tar.gz");
            assertThat(prefixed.exists("plugins/x.tar.gz")).isTrue();
        }
    }

    @Test
    void storeOnSuppliedClientUsesItsPrefixAndLeavesTheClientOpen() throws IOException {
        try (S3FileStore shared = new S3FileStore(raw, bucket, "shared")) {
            write(shared, "plugins/x.tar.gz", "bundle");

            assertThat(raw.headObject(b -> b.bucket(bucket).key("shared/plugins/x.tar.gz")).contentLength())
                    .isEqualTo(6);
            assertThat(read(shared, "plugins/x.tar.gz")).isEqualTo("bundle");
        }
        assertThat(raw.listBuckets().buckets()).isNotEmpty();
    }

    @Test
    void failedLargeWriteAbortsTheMultipartUpload() {
        assertThatThrownBy(() -> store.write(BUNDLE, GeneratedContent.failingAfter(20 * MIB), -1))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining("reading the uploaded content failed");

        assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void describeNamesBucketAndEndpoint() {
        assertThat(store.describe()).isEqualTo("S3 bucket " + bucket + " at http://" + endpoint);
    }

    @Test
    void missingBucketIsReportedWithWhatToCheck() {
        try (S3FileStore missing = S3FileStore.fromSettings(settings(endpoint, "no-such-bucket", ""))) {
            assertThatThrownBy(() -> missing.list("plugins/"))
                    .isInstanceOf(FileStoreException.class)
                    .hasMessageContaining("no-such-bucket")
                    .hasMessageContaining("NoSuchBucket")
                    .hasMessageContaining("FileSettings.AmazonS3Bucket");
        }
    }

    @Test
    void wrongCredentialsAreReportedWithWhatToCheck() {
        Config.FileSettings wrong = new Config.FileSettings("amazons3", "", 0, S3TestServer.ACCESS_KEY, "not-the-secret",
                bucket, "", "", endpoint, false, true, 5_000, 0);
        try (S3FileStore misconfigured = S3FileStore.fromSettings(wrong)) {
            assertThatThrownBy(() -> misconfigured.list(""))
                    .isInstanceOf(FileStoreException.class)
                    .hasMessageContaining(bucket)
                    .hasMessageContaining("AmazonS3SecretAccessKey");
        }
    }

    @Test
    void unreachableEndpointFailsWithClearMessage() {
        try (S3FileStore unreachable = S3FileStore.fromSettings(settings("http://127.0.0.1:1", "bundles", ""))) {
            assertThatThrownBy(() -> unreachable.exists(BUNDLE))
                    .isInstanceOf(FileStoreException.class)
                    .hasMessageContaining("bucket bundles at http://127.0.0.1:1")
                    .hasMessageContaining("Check FileSettings.AmazonS3Endpoint");
            assertThatThrownBy(() -> unreachable.write(BUNDLE, content("bundle"), 6))
                    .isInstanceOf(FileStoreException.class)
                    .hasMessageContaining(BUNDLE)
                    .hasMessageContaining("bundles");
            assertThatThrownBy(() -> unreachable.list("plugins/"))
                    .isInstanceOf(FileStoreException.class)
                    .hasMessageContaining("bundles");
        }
    }

    @Test
    void endpointSchemeFollowsTheSslSettingUnlessGiven() {
        assertThat(S3Clients.endpoint(withEndpoint("minio.internal:9000", false)))
                .contains(URI.create("http://minio.internal:9000"));
        assertThat(S3Clients.endpoint(withEndpoint("s3.amazonaws.com", true)))
                .contains(URI.create("https://s3.amazonaws.com"));
        assertThat(S3Clients.endpoint(withEndpoint("https://minio.internal:9000/", false)))
                .contains(URI.create("https://minio.internal:9000"));
        assertThat(S3Clients.endpoint(withEndpoint("", true))).isEmpty();
        assertThatThrownBy(() -> S3Clients.endpoint(withEndpoint("ftp://minio.internal", true)))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining("FileSettings.AmazonS3Endpoint");
    }

    @Test
    void emptyBucketSettingIsRejected() {
        assertThatThrownBy(() -> S3FileStore.fromSettings(settings(endpoint, " ", "")))
                .isInstanceOf(FileStoreException.class)
                .hasMessageContaining("FileSettings.AmazonS3Bucket");
    }

    /** Settings for the test server: plain HTTP, path-style, a short timeout so failures come quickly. */
    private static Config.FileSettings settings(String endpoint, String bucket, String prefix) {
        return new Config.FileSettings("amazons3", "", 0, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, bucket, prefix, "",
                endpoint, false, true, 2_000, 0);
    }

    private static Config.FileSettings withEndpoint(String endpoint, boolean ssl) {
        return new Config.FileSettings("amazons3", "", 0, "", "", "b", "", "", endpoint, ssl, false, 0, 0);
    }
}
