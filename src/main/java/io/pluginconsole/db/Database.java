package io.pluginconsole.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pool: embedded H2 in a file under the data folder by default, or PostgreSQL
 * (SqlSettings.DriverName "postgres", SqlSettings.DataSource in Mattermost's postgres:// form or a
 * JDBC URL). The schema is migrated
 * with Flyway at start.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
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
            Path file = dataDir.resolve("pluginconsole").toAbsolutePath();
            hikari.setJdbcUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE");
            hikari.setUsername("sa");
        }
        hikari.setMaximumPoolSize(8);
        hikari.setPoolName("pluginconsole");
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
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
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
