package io.pluginconsole.testing;

import io.pluginconsole.app.ConsoleServer;
import io.pluginconsole.auth.Session;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.install.Prepackaged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real server on a random loopback port over a temp working folder (embedded H2, local file
 * store), with an administrator "admin" and a regular user "user" already created.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String PASSWORD = "correct-horse-battery";

    private final Path root;
    private final ConsoleServer server;

    private TestServer(Path root, ConsoleServer server) {
        this.root = root;
        this.server = server;
    }

    /**
     * Starts with uploads on and the given extra MM_* overrides; {@code withUsers} creates admin and
     * user. Pre-packaged plugins come only from {@code <root>/prepackaged_plugins}, not the jar's own.
     */
    public static TestServer start(Path root, Map<String, String> overrides, boolean withUsers) {
        return start(root, overrides, withUsers, false);
    }

    /** As above; {@code shipped} also offers the server's own pre-packaged plugins (on the classpath). */
    public static TestServer start(Path root, Map<String, String> overrides, boolean withUsers, boolean shipped) {
        return start(root, overrides, withUsers, shipped,
                env -> new FileConfigStore(root.resolve("config/config.json"), env));
    }

    /** As above with the configuration kept where {@code config} says (e.g. a database, for a cluster). */
    public static TestServer start(Path root, Map<String, String> overrides, boolean withUsers,
                                   java.util.function.Function<EnvOverrides, io.pluginconsole.config.ConfigStore> config) {
        return start(root, overrides, withUsers, false, config);
    }

    /** As {@link #start(Path, Map, boolean)}, returning as soon as the server answers (before its start-up pass). */
    public static TestServer startAnswering(Path root, Map<String, String> overrides) {
        return start(root, overrides, false, false,
                env -> new FileConfigStore(root.resolve("config/config.json"), env), false);
    }

    private static TestServer start(Path root, Map<String, String> overrides, boolean withUsers, boolean shipped,
                                     java.util.function.Function<EnvOverrides, io.pluginconsole.config.ConfigStore> config) {
        return start(root, overrides, withUsers, shipped, config, true);
    }

    private static TestServer start(Path root, Map<String, String> overrides, boolean withUsers, boolean shipped,
                                     java.util.function.Function<EnvOverrides, io.pluginconsole.config.ConfigStore> config,
                                     boolean waitForSync) {
        System.setProperty("pluginconsole.bcrypt.cost", "4");
        Map<String, String> env = new HashMap<>();
        env.put("MM_SERVICESETTINGS_LISTENADDRESS", "127.0.0.1:0");
        env.put("MM_PLUGINSETTINGS_ENABLEUPLOADS", "true");
        env.putAll(overrides);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EnvOverrides envOverrides = new EnvOverrides(env);
        List<Prepackaged.Source> prepackaged = new ArrayList<>();
        if (shipped) {
            prepackaged.add(Prepackaged.classpath(TestServer.class.getClassLoader(), Prepackaged.FOLDER));
        }
        prepackaged.add(Prepackaged.folder(root.resolve(Prepackaged.FOLDER)));
        ConsoleServer server = ConsoleServer.start(config.apply(envOverrides), envOverrides, root, prepackaged);
        if (waitForSync) {
            // The server answers before its start-up pass; tests start from the state after it.
            server.awaitPluginsSynced(Duration.ofMinutes(2));
        }
        if (withUsers) {
            server.accounts().auth().createUser("admin@example.com", ADMIN, PASSWORD, true);
            server.accounts().auth().createUser("user@example.com", USER, PASSWORD, false);
        }
        return new TestServer(root, server);
    }

    public static TestServer start(Path root) {
        return start(root, Map.of(), true);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public Path root() {
        return root;
    }

    public ConsoleServer server() {
        return server;
    }

    /** A fresh session token for a user, as a login would give. */
    public String token(String username) {
        Session session = server.accounts().auth().login(username, PASSWORD, "test");
        return session.token();
    }

    @Override
    public void close() {
        server.close();
    }
}
