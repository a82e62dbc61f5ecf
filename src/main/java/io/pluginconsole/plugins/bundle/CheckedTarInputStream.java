package io.pluginconsole.plugins.bundle;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * A tar reader that also verifies each header's checksum, which Commons Compress does not do
 * while reading: a damaged header is refused instead of being read as something else.
 */
final class CheckedTarInputStream extends TarArchiveInputStream {

    CheckedTarInputStream(InputStream in) {
        // Record size 512: the padding after the end marker is left for the trailer check to inspect.
        super(in, 512, 512, "UTF-8", false);
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] record = super.readRecord();
        if (record != null && !isEOFRecord(record) && !TarUtils.verifyCheckSum(record)) {
            throw new IOException("header checksum mismatch");
        }
        return record;
    }
}
