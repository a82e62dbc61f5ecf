package io.pluginconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartBodyTest {
    @TempDir
    Path tmp;

    @Test
    void writesFieldsThenTheFileWithAKnownLength() throws Exception {
        Path file = Files.write(tmp.resolve("bundle.tar.gz"), new byte[] {1, 2, 3, 0, (byte) 0xff});
        MultipartBody body = new MultipartBody().field("force", "true").file("plugin", "plugin.tar.gz", file);
        String boundary = body.contentType().substring("multipart/form-data; boundary=".length());

        byte[] sent = drain(body.publisher());
        assertThat(body.publisher().contentLength()).isEqualTo(sent.length);
        String text = new String(sent, StandardCharsets.ISO_8859_1);
        assertThat(text).isEqualTo("--" + boundary + "\r\nContent-Disposition: form-data; name=\"force\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"plugin\"; filename=\"plugin.tar.gz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\u0001\u0002\u0003\u0000\u00ff\r\n"
                + "--" + boundary + "--\r\n");
        assertThat(new MultipartBody().contentType()).isNotEqualTo(body.contentType());
    }

    @Test
    void aMissingFileFailsBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new MultipartBody().file("plugin", "plugin.tar.gz", tmp.resolve("missing")))
                .isInstanceOf(FileNotFoundException.class);
    }

    private static byte[] drain(BodyPublisher publisher) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(10, TimeUnit.SECONDS);
        return out.toByteArray();
    }
}
