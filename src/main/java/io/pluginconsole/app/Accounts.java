package io.pluginconsole.app;

import io.pluginconsole.auth.AuthService;
import io.pluginconsole.auth.LoginThrottle;
import io.pluginconsole.auth.PasswordHasher;
import io.pluginconsole.config.Config;
import io.pluginconsole.db.AccessTokenRepository;
import io.pluginconsole.db.AuditLog;
import io.pluginconsole.db.Database;
import io.pluginconsole.db.Jdbc;
import io.pluginconsole.db.SessionRepository;
import io.pluginconsole.db.UserRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The database and what is built on it: accounts, sessions, tokens and the audit log. */
public final class Accounts implements AutoCloseable {
    private final Database database;
    private final AuthService auth;
    private final AuditLog audit;

    private Accounts(Database database, AuthService auth, AuditLog audit) {
        this.database = database;
        this.auth = auth;
        this.audit = audit;
    }

    public static Accounts open(Config config, Path workingDir) {
        return on(Database.open(config.sqlSettings(), dataDir(config, workingDir)));
    }

    private static Path dataDir(Config config, Path workingDir) {
        return workingDir.resolve(config.fileSettings().directory()).normalize();
    }

    private static Accounts on(Database database) {
        Jdbc jdbc = new Jdbc(database.dataSource());
        Clock clock = Clock.systemUTC();
        AuthService auth = new AuthService(new UserRepository(jdbc), new SessionRepository(jdbc),
                new AccessTokenRepository(jdbc), new PasswordHasher(Integer.getInteger("pluginconsole.bcrypt.cost", 12)),
                new LoginThrottle(clock), clock, Duration.ofDays(30));
        return new Accounts(database, auth, new AuditLog(jdbc));
    }

    public AuthService auth() {
        return auth;
    }

    /** The connection pool (also used for the cluster's shared state). */
    public Database database() {
        return database;
    }

    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        database.close();
    }
}
