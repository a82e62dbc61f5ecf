package io.pluginconsole.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.Constants;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 server (s3proxy, in memory) on a loopback port, with a client that sees it raw. */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "plugin-console";
    public static final String SECRET_KEY = "plugin-console-secret";

    private final S3Proxy server;
    private final S3Client raw;
    private final String endpoint;

    public S3TestServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty(Constants.PROPERTY_IDENTITY, ACCESS_KEY);
        properties.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET_KEY);
        server = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        server.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(server.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 test server did not start: " + server.getState());
            }
            Thread.sleep(10);
        }
        endpoint = "127.0.0.1:" + server.getPort();
        raw = S3Client.builder()
                .endpointOverride(URI.create("http://" + endpoint))
                .region(Region.EU_CENTRAL_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** host:port, as FileSettings.AmazonS3Endpoint takes it. */
    public String endpoint() {
        return endpoint;
    }

    public S3Client raw() {
        return raw;
    }

    public void createBucket(String bucket) {
        raw.createBucket(b -> b.bucket(bucket));
    }

    /** The environment overrides that point a server at this S3 server and bucket. */
    public java.util.Map<String, String> env(String bucket) {
        return java.util.Map.of(
                "MM_FILESETTINGS_DRIVERNAME", "amazons3",
                "MM_FILESETTINGS_AMAZONS3ENDPOINT", endpoint,
                "MM_FILESETTINGS_AMAZONS3BUCKET", bucket,
                "MM_FILESETTINGS_AMAZONS3ACCESSKEYID", ACCESS_KEY,
                "MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", SECRET_KEY,
                "MM_FILESETTINGS_AMAZONS3SSL", "false",
                "MM_FILESETTINGS_AMAZONS3PATHSTYLE", "true",
                "MM_FILESETTINGS_AMAZONS3REQUESTTIMEOUTMILLISECONDS", "2000");
    }

    @Override
    public void close() throws Exception {
        raw.close();
        server.stop();
    }
}
