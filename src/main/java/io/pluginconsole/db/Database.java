package io.pluginconsole.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pool: embedded H2 in a file under the data folder by default, or PostgreSQL
 * (SqlSettings.DriverName "postgres", SqlSettings.DataSource in Mattermost's postgres:// form or a
 * JDBC URL). The schema is migrated with Flyway at start. DB_CLOSE_ON_EXIT=FALSE leaves closing
 * the embedded database to the server's own orderly stop.
 */
public final class Database implements AutoCloseable {
    /** H2's error code for a database file another process holds open. */
    private static final int H2_ALREADY_OPEN = 90020;

    private final HikariDataSource pool;
    private final H2Share share;

    private Database(HikariDataSource pool, H2Share share) {
        this.pool = pool;
        this.share = share;
    }

    /** For the server: opens (and migrates) the database; embedded H2 is also shared with the CLI. */
    public static Database open(Config.SqlSettings sql, Path dataDir) {
        if (sql.driverName().equals("postgres")) {
            return new Database(migrated(connect(sql, postgres(sql))), null);
        }
        HikariDataSource pool = migrated(connect(sql, h2(H2Share.base(dataDir) + ";DB_CLOSE_ON_EXIT=FALSE")));
        return new Database(pool, H2Share.start(dataDir).orElse(null));
    }

    /**
     * For a command run beside the server: as {@link #open}, except that when a running server holds
     * the embedded H2 file, the database is reached through that server instead.
     */
    public static Database openBesideServer(Config.SqlSettings sql, Path dataDir) {
        if (sql.driverName().equals("postgres")) {
            return open(sql, dataDir);
        }
        try {
            return new Database(migrated(connect(sql, h2(H2Share.base(dataDir) + ";DB_CLOSE_ON_EXIT=FALSE"))), null);
        } catch (ConfigException e) {
            Optional<String> running = H2Share.runningServerUrl(dataDir);
            if (!isAlreadyOpen(e) || running.isEmpty()) {
                throw e;
            }
            HikariConfig remote = h2(null);
            remote.setJdbcUrl(running.get());
            return new Database(migrated(connect(sql, remote)), null);
        }
    }

    private static HikariConfig postgres(Config.SqlSettings sql) {
        HikariConfig hikari = new HikariConfig();
        PostgresUrl url = PostgresUrl.parse(sql.dataSource());
        hikari.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hikari.setUsername(url.user());
        }
        if (url.password() != null) {
            hikari.setPassword(url.password());
        }
        return hikari;
    }

    private static HikariConfig h2(String file) {
        H2Share.keepOnLoopback();
        HikariConfig hikari = new HikariConfig();
        if (file != null) {
            hikari.setJdbcUrl("jdbc:h2:file:" + file);
        }
        hikari.setUsername("sa");
        return hikari;
    }

    private static HikariDataSource connect(Config.SqlSettings sql, HikariConfig hikari) {
        hikari.setMaximumPoolSize(8);
        hikari.setPoolName("pluginconsole");
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot connect to the database (" + sql.driverName() + "): "
                    + rootMessage(e) + ". Check SqlSettings.", e);
        }
    }

    private static HikariDataSource migrated(HikariDataSource pool) {
        try {
            // Baseline 0: the configuration table (--config postgres://) may already share the schema.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new ConfigException("Cannot prepare the database schema: " + rootMessage(e), e);
        }
        return pool;
    }

    private static boolean isAlreadyOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        if (share != null) {
            share.close();
        }
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
