package io.pluginconsole.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.config.Config;
import io.pluginconsole.db.AccessTokenRepository;
import io.pluginconsole.db.Database;
import io.pluginconsole.db.Jdbc;
import io.pluginconsole.db.SessionRepository;
import io.pluginconsole.db.UserRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in over a real embedded database: whatever the reason a sign-in fails, the answer is the
 * same and it took the same work, one password check (so the time taken does not tell either).
 */
class AuthServiceLoginTest {
    private static final String PASSWORD = "correct-horse-battery";

    /** Counts the password checks sign-in makes. */
    static final class CountingHasher extends PasswordHasher {
        final AtomicInteger checks = new AtomicInteger();

        CountingHasher() {
            super(4);
        }

        @Override
        public boolean matches(String password, String hash) {
            checks.incrementAndGet();
            return super.matches(password, hash);
        }
    }

    @TempDir
    Path root;
    Database database;
    final CountingHasher hasher = new CountingHasher();
    final SteppingClock clock = new SteppingClock();
    AuthService auth;

    @BeforeEach
    void open() {
        database = Database.open(new Config.SqlSettings("h2", ""), root);
        Jdbc jdbc = new Jdbc(database.dataSource());
        auth = new AuthService(new UserRepository(jdbc), new SessionRepository(jdbc), new AccessTokenRepository(jdbc),
                hasher, new LoginThrottle(new LoginThrottle.Limit(3, Duration.ofMinutes(1)),
                new LoginThrottle.Limit(50, Duration.ofSeconds(1)), clock), clock, Duration.ofDays(1));
        auth.createUser("owner@example.com", "owner", PASSWORD, true);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AuthException refused(String login, String password) {
        int before = hasher.checks.get();
        try {
            auth.login(login, password, "10.0.0.66");
        } catch (AuthException e) {
            assertThat(hasher.checks.get() - before).as("password checks for %s", login).isEqualTo(1);
            return e;
        }
        throw new AssertionError("sign-in should have failed");
    }

    @Test
    void unknownLockedAndWrongFailAlikeWithOnePasswordCheckEach() {
        AuthException wrong = refused("owner", "not-the-password");
        AuthException unknown = refused("nobody-here", "not-the-password");
        AuthException noPassword = refused("nobody-here", null);
        refused("owner", "still-wrong");
        refused("owner", "wrong-again");
        AuthException locked = refused("owner", PASSWORD); // right password, but this address is locked out
        for (AuthException e : new AuthException[] {unknown, noPassword, locked}) {
            assertThat(e.id()).isEqualTo(wrong.id()).isEqualTo(AuthService.INVALID_CREDENTIALS);
            assertThat(e.kind()).isEqualTo(wrong.kind());
            assertThat(e.getMessage()).isEqualTo(wrong.getMessage());
            assertThat(e.retryAfterSeconds()).isEqualTo(wrong.retryAfterSeconds());
        }
        // the owner, elsewhere, is not locked out; and here once the failures have drained
        assertThat(auth.login("owner", PASSWORD, "10.0.0.1").userId()).isNotBlank();
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.login("owner", PASSWORD, "10.0.0.66").userId()).isNotBlank();
    }

    @Test
    void aThrottledAddressIsRefusedWithoutAPasswordCheck() {
        for (int i = 0; i < 50; i++) {
            refused("user" + i, "guess");
        }
        int before = hasher.checks.get();
        assertThatThrownBy(() -> auth.login("owner", PASSWORD, "10.0.0.66")).isInstanceOfSatisfying(
                AuthException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AuthException.Kind.THROTTLED);
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
        assertThat(hasher.checks.get()).isEqualTo(before);
    }

    @Test
    void expiredSessionsAreDeletedWhenSomeoneSignsIn() {
        auth.login("owner", PASSWORD, "10.0.0.1");
        auth.login("owner", PASSWORD, "10.0.0.1");
        assertThat(sessionRows()).isEqualTo(2);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        auth.login("owner", PASSWORD, "10.0.0.1");
        assertThat(sessionRows()).as("the two expired sessions are gone, the new one is kept").isEqualTo(1);
    }

    private int sessionRows() {
        try (var connection = database.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM sessions")) {
            rows.next();
            return rows.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
