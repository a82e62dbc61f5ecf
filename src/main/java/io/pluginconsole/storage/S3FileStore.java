package io.pluginconsole.storage;

import io.pluginconsole.config.Config;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket, or any server speaking the S3 protocol (FileSettings.DriverName "amazons3"). Keys are
 * stored below FileSettings.AmazonS3PathPrefix, so several installations can share one bucket.
 */
public final class S3FileStore implements FileStore, AutoCloseable {
    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String pathPrefix;
    private final String endpoint;
    private final S3Failures failures;

    /** A store for the given client; {@link #close()} leaves the client open for its owner. */
    public S3FileStore(S3Client s3, String bucket, String pathPrefix) {
        this(s3, false, bucket, pathPrefix);
    }

    private S3FileStore(S3Client s3, boolean ownsClient, String bucket, String pathPrefix) {
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.bucket = bucket;
        this.pathPrefix = normalizePrefix(pathPrefix);
        this.endpoint = endpointOf(s3.serviceClientConfiguration());
        this.failures = new S3Failures(bucket, describe());
    }

    public static S3FileStore fromSettings(Config.FileSettings settings) {
        String bucket = settings.amazonS3Bucket() == null ? "" : settings.amazonS3Bucket().trim();
        if (bucket.isEmpty()) {
            throw new FileStoreException("FileSettings.AmazonS3Bucket is empty. Set it to the bucket that should"
                    + " hold the plugin bundles.");
        }
        S3Client client;
        try {
            client = S3Clients.build(settings);
        } catch (SdkException e) {
            throw new FileStoreException("Cannot set up the S3 client for bucket " + bucket + ": " + e.getMessage()
                    + ". Check FileSettings.AmazonS3Region, AmazonS3Endpoint and the credentials.", e);
        }
        return new S3FileStore(client, true, bucket, settings.amazonS3PathPrefix());
    }

    @Override
    public void write(String key, InputStream content, long length) {
        new S3Upload(s3, bucket, objectKey(key), key, failures).run(content, length);
    }

    @Override
    public InputStream read(String key) {
        String objectKey = objectKey(key);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw failures.missing(key, e);
        } catch (SdkException | UncheckedIOException e) {
            throw failures.request("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            head(key);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException | UncheckedIOException e) {
            throw failures.request("check", key, e);
        }
    }

    @Override
    public long size(String key) {
        try {
            return head(key).contentLength();
        } catch (NoSuchKeyException e) {
            throw failures.missing(key, e);
        } catch (SdkException | UncheckedIOException e) {
            throw failures.request("read the size of", key, e);
        }
    }

    /** HeadObject answers without a body, so the SDK reports every 404 as NoSuchKeyException. */
    private HeadObjectResponse head(String key) {
        String objectKey = objectKey(key);
        return s3.headObject(b -> b.bucket(bucket).key(objectKey));
    }

    @Override
    public List<String> list(String prefix) {
        // A prefix names a folder, as in LocalFileStore: "plugins" must not match "plugins-old/x".
        String folder = prefix.isEmpty() ? "" : StoreKeys.check(prefix.endsWith("/") ? prefix : prefix + "/");
        String base = pathPrefix.isEmpty() ? "" : pathPrefix + "/";
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(base + folder).build();
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                // Keys ending in "/" are folder markers some S3 consoles create, not objects.
                if (!object.key().endsWith("/")) {
                    keys.add(object.key().substring(base.length()));
                }
            }
        } catch (SdkException | UncheckedIOException e) {
            throw prefix.isEmpty() ? failures.request("list", "the objects", e)
                    : failures.request("list objects under", prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey));
        } catch (S3Exception e) {
            // S3 answers 204 for a missing key; some compatible servers answer 404 NoSuchKey instead.
            if (!(e instanceof NoSuchKeyException || "NoSuchKey".equals(errorCode(e)))) {
                throw failures.request("delete", key, e);
            }
        } catch (SdkException | UncheckedIOException e) {
            throw failures.request("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return "S3 bucket " + bucket + " at " + endpoint;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    /** The object key for a store key: below the path prefix when one is set. */
    private String objectKey(String key) {
        StoreKeys.check(key);
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("Invalid file store key: " + key);
        }
        return pathPrefix.isEmpty() ? key : pathPrefix + "/" + key;
    }

    /** "/a//b/" and "a/b" mean the same prefix; the object keys never get empty segments. */
    static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String part : prefix.trim().split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String endpointOf(S3ServiceClientConfiguration configuration) {
        String region = configuration.region() == null ? S3Clients.DEFAULT_REGION : configuration.region().id();
        return configuration.endpointOverride().map(URI::toString).orElse("s3." + region + ".amazonaws.com");
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
