package io.pluginconsole.plugins.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartBackoffTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final StartBackoff backoff = new StartBackoff(now::get);

    @Test
    void aPluginThatNeverFailedMayStartAtOnce() {
        assertThat(backoff.due("a")).isTrue();
        assertThat(backoff.failures("a")).isZero();
    }

    @Test
    void eachFailureDoublesTheWaitUpToTenMinutes() {
        assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            backoff.failed("a");
        }
        assertThat(backoff.failed("a")).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.failures("a")).isEqualTo(14);
    }

    @Test
    void notDueUntilTheWaitHasPassed() {
        backoff.failed("a");
        assertThat(backoff.due("a")).isFalse();
        now.addAndGet(Duration.ofSeconds(15).toNanos() - 1);
        assertThat(backoff.due("a")).isFalse();
        now.addAndGet(1);
        assertThat(backoff.due("a")).isTrue();
        assertThat(backoff.due("b")).as("other plugins are not held back").isTrue();
    }

    @Test
    void forgettingStartsOver() {
        backoff.failed("a");
        backoff.failed("a");
        backoff.forget("a");
        assertThat(backoff.due("a")).isTrue();
        assertThat(backoff.failed("a")).isEqualTo(Duration.ofSeconds(15));
    }
}
