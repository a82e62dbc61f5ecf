package io.pluginconsole.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One streaming write. Content that fits in one part goes up with a single PutObject, anything larger
 * as a multipart upload read part by part into one reused buffer. Each request body is that buffer,
 * so the SDK can replay it on retries and at most one part is held in memory. The declared length is
 * checked before the object becomes visible, and a failed multipart upload is aborted, so a failure
 * never replaces the stored object.
 */
final class S3Upload {
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String objectKey;
    private final String key;
    private final S3Failures failures;

    S3Upload(S3Client s3, String bucket, String objectKey, String key, S3Failures failures) {
        this.s3 = s3;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.key = key;
        this.failures = failures;
    }

    void run(InputStream content, long length) {
        try {
            PushbackInputStream in = new PushbackInputStream(content, 1);
            // A small declared length needs only one byte more than it, enough to notice a longer stream.
            byte[] buffer = new byte[length >= 0 && length < PART_SIZE ? (int) length + 1 : PART_SIZE];
            int first = fill(in, buffer);
            if (length >= 0 && first > length) {
                throw failures.lengthMismatch(key, length, "the content is longer");
            }
            if (first < PART_SIZE || atEnd(in)) {
                checkLength(first, length);
                s3.putObject(b -> b.bucket(bucket).key(objectKey).contentLength((long) first), body(buffer, first));
            } else {
                multipart(in, buffer, first, length);
            }
        } catch (IOException e) {
            throw failures.source(key, e);
        } catch (SdkException | UncheckedIOException e) {
            throw failures.request("write", key, e);
        }
    }

    private void multipart(InputStream in, byte[] buffer, int first, long length) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            for (int n = first; n > 0; n = fill(in, buffer)) {
                if (length >= 0 && total + n > length) {
                    throw failures.lengthMismatch(key, length, "the content is longer");
                }
                if (parts.size() == MAX_PARTS) {
                    throw failures.tooLarge(key, (long) MAX_PARTS * PART_SIZE);
                }
                parts.add(uploadPart(uploadId, parts.size() + 1, buffer, n));
                total += n;
            }
            checkLength(total, length);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, int partNumber, byte[] buffer, int n) {
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                .partNumber(partNumber).contentLength((long) n), body(buffer, n)).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
    }

    /** Without this the parts already sent would stay in the bucket, invisible but billed. */
    private void abort(String uploadId, Exception failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }

    private void checkLength(long received, long length) {
        if (length >= 0 && received != length) {
            throw failures.lengthMismatch(key, length,
                    received > length ? "the content is longer" : "received only " + received);
        }
    }

    private static RequestBody body(byte[] buffer, int n) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, n), n, CONTENT_TYPE);
    }

    /** Reads until the buffer is full or the stream ends; returns the number of bytes read. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int read = in.read(buffer, n, buffer.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n;
    }

    private static boolean atEnd(PushbackInputStream in) throws IOException {
        int next = in.read();
        if (next < 0) {
            return true;
        }
        in.unread(next);
        return false;
    }
}
