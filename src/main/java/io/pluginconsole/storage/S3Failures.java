package io.pluginconsole.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK and stream failures into {@link FileStoreException}s an administrator can act on: which
 * object, which bucket and server, what went wrong in one line, and which setting to check.
 */
final class S3Failures {
    private static final int MAX_REASON_LENGTH = 300;

    private final String bucket;
    private final String place;

    S3Failures(String bucket, String place) {
        this.bucket = bucket;
        this.place = place;
    }

    /**
     * A request to S3 failed: an {@link SdkException}, or an {@link UncheckedIOException} the HTTP client
     * lets through. {@code action} reads like "read", "write" or "list objects under".
     */
    FileStoreException request(String action, String key, RuntimeException e) {
        return new FileStoreException("Cannot " + action + " " + key + " in " + place + ": " + reason(e) + ". "
                + hint(e), e);
    }

    FileStoreException missing(String key, S3Exception e) {
        return new FileStoreException("No object " + key + " in " + place + ".", e);
    }

    /** The content handed to write() failed; S3 itself was fine. */
    FileStoreException source(String key, IOException e) {
        return new FileStoreException("Cannot write " + key + " to " + place + ": reading the uploaded content failed ("
                + e.getMessage() + "). The stored object was not changed; send the file again.", e);
    }

    FileStoreException lengthMismatch(String key, long expected, String received) {
        return new FileStoreException("Cannot write " + key + " to " + place + ": expected " + expected
                + " bytes but " + received + ". The stored object was not changed; send the file again.");
    }

    FileStoreException tooLarge(String key, long limit) {
        return new FileStoreException("Cannot write " + key + " to " + place + ": the content is larger than "
                + limit + " bytes, the most one S3 upload can hold.");
    }

    private static String reason(RuntimeException e) {
        if (e instanceof S3Exception s3) {
            AwsErrorDetails details = s3.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String text = details == null ? null : details.errorMessage();
            return (code == null ? "" : code + " ") + "(HTTP " + s3.statusCode() + ")"
                    + (text == null || text.isBlank() ? "" : " " + oneLine(text));
        }
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return oneLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private String hint(RuntimeException e) {
        String code = "";
        int status = 0;
        if (e instanceof S3Exception s3) {
            status = s3.statusCode();
            code = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
                    ? "" : s3.awsErrorDetails().errorCode();
        }
        switch (code) {
            case "NoSuchBucket":
                return "Check that bucket " + bucket + " exists and that FileSettings.AmazonS3Bucket names it.";
            case "InvalidAccessKeyId":
            case "SignatureDoesNotMatch":
            case "AccessDenied":
            case "ExpiredToken":
            case "InvalidToken":
                return credentialsHint();
            case "PermanentRedirect":
            case "AuthorizationHeaderMalformed":
                return "Check that FileSettings.AmazonS3Region is the region of bucket " + bucket + ".";
            default:
                return status == 401 || status == 403 ? credentialsHint()
                        : "Check FileSettings.AmazonS3Endpoint, the credentials and that bucket " + bucket + " exists.";
        }
    }

    private String credentialsHint() {
        return "Check FileSettings.AmazonS3AccessKeyId and AmazonS3SecretAccessKey, and that they may use bucket "
                + bucket + ".";
    }

    private static String oneLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > MAX_REASON_LENGTH ? line.substring(0, MAX_REASON_LENGTH) + "..." : line;
    }
}
