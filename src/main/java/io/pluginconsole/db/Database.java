package io.pluginconsole.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool: embedded H2 in a file under the data folder by default, or PostgreSQL
 * (SqlSettings.DriverName "postgres", SqlSettings.DataSource in Mattermost's postgres:// form or a
 * JDBC URL). The schema is migrated with Flyway at start. A connection that fails at the
 * connection level (the database closed itself, e.g. after the disk was full, or the server went
 * away) is discarded and replaced, so the server recovers without a restart once the database
 * can be opened again.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** The embedded database's file name stem (its files are {@code pluginconsole.*}). */
    public static final String H2_NAME = "pluginconsole";
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** True when {@code folder} holds an embedded database's file. */
    public static boolean h2Exists(Path folder) {
        return java.nio.file.Files.isRegularFile(folder.resolve(H2_NAME + ".mv.db"));
    }

    public static Database open(Config.SqlSettings sql, Path dataDir) {
        HikariConfig hikari = new HikariConfig();
        if (sql.driverName().equals("postgres")) {
            PostgresUrl url = PostgresUrl.parse(sql.dataSource());
            hikari.setJdbcUrl(url.jdbcUrl());
            if (url.user() != null) {
                hikari.setUsername(url.user());
            }
            if (url.password() != null) {
                hikari.setPassword(url.password());
            }
        } else {
            Path file = dataDir.resolve(H2_NAME).toAbsolutePath();
            String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
            H2Files.create(dataDir, url, "sa");
            // The pool only opens the existing file: should it vanish, requests fail (and ping
            // says so) instead of carrying on with a new, empty database.
            hikari.setJdbcUrl(url + ";IFEXISTS=TRUE");
            hikari.setUsername("sa");
            // An embedded database answers at once or not at all: do not hold requests for 30 s.
            hikari.setConnectionTimeout(5_000);
        }
        hikari.setMaximumPoolSize(8);
        // Connections open as requests need them: eight at once would compete with the start for the CPU.
        hikari.setMinimumIdle(1);
        hikari.setPoolName("pluginconsole");
        hikari.setExceptionOverride(new BrokenConnections());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot connect to the database (" + sql.driverName() + "): "
                    + rootMessage(e) + ". Check SqlSettings.", e);
        }
        try {
            // Baseline 0: the configuration table (--config postgres://) may already share the schema.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new ConfigException("Cannot prepare the database schema: " + rootMessage(e), e);
        }
        if (!sql.driverName().equals("postgres")) {
            H2Files.restrict(dataDir);
        }
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Whether the database answers a query on the schema now (for the server status); a broken
     * connection met here is discarded by the pool like any other.
     */
    public boolean works() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
            return rs.next();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Database check failed: {}", rootMessage(e));
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
