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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database and what is built on it: accounts, sessions, tokens and the audit log. */
public final class Accounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
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

    /**
     * The embedded database is the node's own, so it lives in ServiceSettings.DataDirectory. An
     * installation whose database sits in the file-store folder (where it was kept before) is not
     * moved behind its back: the administrator is told where both are.
     */
    private static Path dataDir(Config config, Path workingDir) {
        Path dataDir = config.serviceSettings().dataFolder(workingDir);
        if (config.sqlSettings().driverName().equals("h2")) {
            Path fileStore = workingDir.resolve(config.fileSettings().directory()).toAbsolutePath().normalize();
            if (!fileStore.equals(dataDir) && Database.h2Exists(fileStore) && !Database.h2Exists(dataDir)) {
                LOG.warn("An embedded database from before ServiceSettings.DataDirectory was set is in {}, but this "
                        + "node now keeps its database in {}; a new, empty one is used there. To keep the accounts, "
                        + "stop the server and move {}.* from the first folder to the second, or point "
                        + "ServiceSettings.DataDirectory at {}.", fileStore, dataDir, Database.H2_NAME, fileStore);
            }
        }
        return dataDir;
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
