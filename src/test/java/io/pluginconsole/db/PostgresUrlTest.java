package io.pluginconsole.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.config.ConfigException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void mattermostsFormBecomesAJdbcUrlWithCredentialsAsProperties() {
        PostgresUrl url = PostgresUrl.parse(
                "postgres://mmuser:p%40ss%3Aword@db.example.com:5432/mattermost?sslmode=disable&connect_timeout=10");
        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://db.example.com:5432/mattermost?sslmode=disable&connectTimeout=10");
        assertThat(url.user()).isEqualTo("mmuser");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void jdbcUrlsIncludingMultiHostOnesPassThrough() {
        String multi = "jdbc:postgresql://db1:5432,db2:5432/pc?targetServerType=primary&user=u&password=p";
        assertThat(PostgresUrl.parse(multi).jdbcUrl()).isEqualTo(multi);
        assertThat(PostgresUrl.parse(multi).user()).isNull();
        assertThat(PostgresUrl.parse("postgresql://db1:5432,db2:5433/pc").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db1:5432,db2:5433/pc");
    }

    @Test
    void addressesThatAreNotPostgresSayWhatToWrite() {
        for (String bad : new String[] {"", "mysql://u:p@h/db", "postgres://u:p@/db", "postgres://u:p@host",
                "postgres://host:5432/"}) {
            assertThatThrownBy(() -> PostgresUrl.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SqlSettings.DataSource").hasMessageContaining("postgres://user:password@host");
        }
    }
}
