package io.pluginconsole.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per line: {@code timestamp} (UTC, milliseconds), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then every MDC field (such as {@code plugin_id} and
 * {@code source}), then {@code exception} with the stack trace when there is one. Line breaks
 * inside values are escaped, so a line is always a whole entry. A message, stack trace or field
 * longer than {@value #MAX_FIELD} characters is cut there with a note, so one huge entry cannot
 * fill the file (or the memory of whoever reads it back).
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message",
            "exception");
    /** Longest message, stack trace or context field written, in characters. */
    public static final int MAX_FIELD = 128 * 1024;
    private static final byte[] NONE = new byte[0];
    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", TIMESTAMP.format(event.getInstant()));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", TextCap.cap(event.getFormattedMessage(), MAX_FIELD, "message"));
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> field : mdc.entrySet()) {
                    if (field.getValue() != null && !RESERVED.contains(field.getKey())) {
                        g.writeStringField(field.getKey(), TextCap.cap(field.getValue(), MAX_FIELD, "field"));
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", TextCap.cap(ThrowableProxyUtil.asString(thrown), MAX_FIELD,
                        "stack trace"));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
