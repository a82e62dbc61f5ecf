package io.pluginconsole.storage;

import io.pluginconsole.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client from Mattermost's FileSettings keys. */
final class S3Clients {
    static final String DEFAULT_REGION = "us-east-1";

    private S3Clients() {
    }

    static S3Client build(Config.FileSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region(settings)))
                .credentialsProvider(credentials(settings))
                // Chosen explicitly: the Apache client is on the class path too, and the SDK would prefer it.
                .httpClientBuilder(httpClient(settings.amazonS3RequestTimeoutMilliseconds()))
                .forcePathStyle(settings.amazonS3PathStyle())
                // Many S3-compatible servers reject the trailing checksums the SDK adds to uploads by default.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        endpoint(settings).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static String region(Config.FileSettings settings) {
        String region = blankToEmpty(settings.amazonS3Region());
        return region.isEmpty() ? DEFAULT_REGION : region;
    }

    /**
     * The endpoint URL: AmazonS3Endpoint with http or https chosen by AmazonS3SSL, or as given when it
     * already carries a scheme. Empty when no endpoint is set, so the SDK picks the regional AWS one.
     */
    static Optional<URI> endpoint(Config.FileSettings settings) {
        String endpoint = blankToEmpty(settings.amazonS3Endpoint());
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        String url = endpoint.contains("://") ? endpoint : (settings.amazonS3SSL() ? "https://" : "http://") + endpoint;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(url, "expected a host name with an optional port");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new FileStoreException("FileSettings.AmazonS3Endpoint \"" + endpoint + "\" is not a valid host name"
                    + " or URL. Use a form such as s3.amazonaws.com or minio.example.com:9000.", e);
        }
    }

    private static AwsCredentialsProvider credentials(Config.FileSettings settings) {
        String keyId = blankToEmpty(settings.amazonS3AccessKeyId());
        if (keyId.isEmpty()) {
            // No key configured: use the environment, profile files or the instance role, as Mattermost does.
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(keyId, blankToEmpty(settings.amazonS3SecretAccessKey())));
    }

    /**
     * The timeout bounds connecting and each wait for data, not a whole transfer, so a slow but moving
     * upload of a large bundle is not cut off while a silent server still fails in time.
     */
    private static UrlConnectionHttpClient.Builder httpClient(long timeoutMillis) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (timeoutMillis > 0) {
            http.connectionTimeout(Duration.ofMillis(timeoutMillis)).socketTimeout(Duration.ofMillis(timeoutMillis));
        }
        return http;
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
