package io.pluginconsole.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes tar blocks by hand, for PAX records that writers sanitise or refuse (NUL, bad times). */
public final class RawTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public RawTar pax(Map<String, String> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] kv = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
            int length = kv.length;
            int total = length + String.valueOf(length).length();
            if (String.valueOf(total).length() != String.valueOf(length).length()) {
                total++;
            }
            body.writeBytes(String.valueOf(total).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(kv);
        });
        return block("PaxHeaders/entry", 'x', body.toByteArray());
    }

    public RawTar file(String name, byte[] content) {
        return block(name, '0', content);
    }

    private RawTar block(String name, char type, byte[] content) {
        out.writeBytes(TarBuilder.header(name, type, String.format("%011o", content.length)));
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    public byte[] tar() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    public byte[] tarGz() {
        return TarBuilder.gzip(tar());
    }
}
