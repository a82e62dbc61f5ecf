package io.pluginconsole.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The leaky buckets on their own, with a clock the test moves. */
class LoginThrottleDecayTest {
    private final SteppingClock clock = new SteppingClock();
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limit(3, Duration.ofMinutes(1)),
            new LoginThrottle.Limit(10, Duration.ofSeconds(10)), clock);

    @Test
    void failuresDrainAwaySoALockEndsOnItsOwn() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.accountLocked("u1", "10.0.0.1")).isFalse();
            throttle.failure("u1", "10.0.0.1");
        }
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isFalse(); // one failure drained: one more try
        throttle.failure("u1", "10.0.0.1");
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(3));
        for (int i = 0; i < 3; i++) { // fully drained: the whole allowance again
            assertThat(throttle.accountLocked("u1", "10.0.0.1")).isFalse();
            throttle.failure("u1", "10.0.0.1");
        }
    }

    @Test
    void tryingOnWhileLockedDoesNotRatchetTheLock() {
        for (int i = 0; i < 200; i++) {
            throttle.failure("u1", "10.0.0.1");
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(1)); // never longer than one drain after the last failure
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isFalse();
    }

    @Test
    void aLockHoldsForOneAccountAndAddressOnly() {
        for (int i = 0; i < 3; i++) {
            throttle.failure("u1", "10.0.0.66");
        }
        assertThat(throttle.accountLocked("u1", "10.0.0.66")).isTrue();
        assertThat(throttle.accountLocked("u1", "10.0.0.1")).isFalse();
        assertThat(throttle.accountLocked("u2", "10.0.0.66")).isFalse();
        throttle.success("u1", "10.0.0.66");
        assertThat(throttle.accountLocked("u1", "10.0.0.66")).isFalse();
    }

    @Test
    void oneAddressIsLimitedOverAllAccountsAndItsWaitDrains() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.addressWaitSeconds("10.0.0.66")).isZero();
            throttle.failure(i % 2 == 0 ? null : "u" + i, "10.0.0.66");
        }
        assertThat(throttle.addressWaitSeconds("10.0.0.66")).isEqualTo(10);
        assertThat(throttle.addressWaitSeconds("10.0.0.1")).isZero();
        clock.advance(Duration.ofSeconds(4));
        assertThat(throttle.addressWaitSeconds("10.0.0.66")).isEqualTo(6);
        clock.advance(Duration.ofSeconds(6));
        assertThat(throttle.addressWaitSeconds("10.0.0.66")).isZero();
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        for (int i = 0; i < 10; i++) {
            throttle.failure(null, "2001:db8:1:2:" + Integer.toHexString(i + 1) + "::9");
        }
        assertThat(throttle.addressWaitSeconds("2001:db8:1:2:ffff::1")).isPositive();
        assertThat(throttle.addressWaitSeconds("2001:db8:1:3::1")).isZero();
        assertThat(LoginThrottle.network("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
    }
}
