package io.pluginconsole.logs;

import ch.qos.logback.core.rolling.TriggeringPolicyBase;
import java.io.File;

/**
 * Rolls the file over before a write once it has reached {@code maxBytes}. Logback's own size
 * policy looks at the size only now and then, so a burst of large lines could grow the file far
 * beyond its limit; checking before every write keeps it within the limit plus one line.
 */
final class SizeOnEveryWrite<E> extends TriggeringPolicyBase<E> {
    private final long maxBytes;

    SizeOnEveryWrite(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean isTriggeringEvent(File activeFile, E event) {
        return activeFile.length() >= maxBytes;
    }
}
