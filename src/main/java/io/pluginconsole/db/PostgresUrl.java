package io.pluginconsole.db;

import io.pluginconsole.config.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code SqlSettings.DataSource} for PostgreSQL, in Mattermost's form
 * ({@code postgres://user:password@host:5432/db?sslmode=disable&connect_timeout=10}) or as a
 * JDBC URL (including pgjdbc's multi-host form {@code jdbc:postgresql://h1:5432,h2:5432/db}).
 * The driver does not take credentials inside the address, so they become connection properties.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    public static PostgresUrl parse(String dataSource) {
        if (dataSource == null || dataSource.isBlank()) {
            throw invalid("it is empty");
        }
        String value = dataSource.strip();
        if (value.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(value, null, null);
        }
        String rest;
        if (value.startsWith("postgres://")) {
            rest = value.substring("postgres://".length());
        } else if (value.startsWith("postgresql://")) {
            rest = value.substring("postgresql://".length());
        } else {
            throw invalid("it starts with neither postgres:// nor jdbc:postgresql:");
        }
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query + 1);
        String address = query < 0 ? rest : rest.substring(0, query);
        int at = address.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = address.substring(0, at);
            address = address.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (address.isEmpty() || address.startsWith("/")) {
            throw invalid("it names no host");
        }
        if (!address.contains("/") || address.endsWith("/")) {
            throw invalid("it names no database after the host");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(address);
        Map<String, String> translated = translate(params);
        String separator = "?";
        for (Map.Entry<String, String> param : translated.entrySet()) {
            jdbc.append(separator).append(param.getKey()).append('=').append(param.getValue());
            separator = "&";
        }
        return new PostgresUrl(jdbc.toString(), user, password);
    }

    /** lib/pq parameter names become pgjdbc's; the others pass through unchanged. */
    private static Map<String, String> translate(String params) {
        Map<String, String> result = new LinkedHashMap<>();
        if (params.isEmpty()) {
            return result;
        }
        for (String pair : params.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (name) {
                case "connect_timeout" -> result.put("connectTimeout", value);
                case "application_name" -> result.put("ApplicationName", value);
                case "sslrootcert", "sslcert", "sslkey", "sslmode" -> result.put(name, value);
                default -> result.put(name, value);
            }
        }
        return result;
    }

    /** Connection properties holding the credentials, when the address had them. */
    public Properties properties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ConfigException invalid(String why) {
        return new ConfigException("SqlSettings.DataSource is not a PostgreSQL address (" + why + "). Use "
                + "Mattermost's form postgres://user:password@host:5432/database?sslmode=disable or a JDBC URL "
                + "such as jdbc:postgresql://host:5432/database?user=u&password=p.");
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }
}
