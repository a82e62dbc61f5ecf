package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers this user has logged in to, kept in {@code plugin-console/credentials.json} under
 * the user's config folder. Tokens are secrets: the folder is 0700, the file 0600, and every
 * write goes through a private temp file and an atomic rename so a crash never leaves half a file.
 */
final class Credentials {
    static final String PASSWORD = "password";
    static final String ACCESS_TOKEN = "access-token";

    /** One stored login; {@code method} says whether the token is a session or a personal access token. */
    record Server(String name, String url, String username, String token, String method) {
        String label() {
            return name + " (" + url + ")";
        }
    }

    record State(String current, List<Server> servers) {
        State {
            servers = servers == null ? List.of() : List.copyOf(servers);
        }
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path file;

    Credentials(Path file) {
        this.file = file;
    }

    /** The file in the user's config folder: $XDG_CONFIG_HOME, else ~/.config (as the XDG spec says). */
    static Credentials forUser(Map<String, String> env) {
        return new Credentials(defaultFile(env, System.getProperty("user.home")));
    }

    static Path defaultFile(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // The spec says relative values are invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(userHome, ".config");
        return base.resolve("plugin-console").resolve("credentials.json");
    }

    Path file() {
        return file;
    }

    State read() {
        try {
            State state = MAPPER.readValue(Files.readAllBytes(file), State.class);
            return state == null ? new State(null, List.of()) : state;
        } catch (NoSuchFileException e) {
            return new State(null, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); delete it and run 'plugin-console auth login' again");
        }
    }

    Optional<Server> current() {
        State state = read();
        return find(state, state.current());
    }

    Optional<Server> named(String name) {
        return find(read(), name);
    }

    /** Adds or replaces the server with this name and makes it the current one. */
    void store(Server server) {
        State state = read();
        List<Server> servers = new ArrayList<>(state.servers());
        servers.removeIf(s -> s.name().equals(server.name()));
        servers.add(server);
        write(new State(server.name(), servers));
    }

    /** Removes a server; if it was the current one, none is current until the next login or 'auth set'. */
    Optional<Server> remove(String name) {
        State state = read();
        Optional<Server> removed = find(state, name);
        if (removed.isPresent()) {
            List<Server> servers = new ArrayList<>(state.servers());
            servers.remove(removed.get());
            write(new State(name.equals(state.current()) ? null : state.current(), servers));
        }
        return removed;
    }

    Optional<Server> use(String name) {
        State state = read();
        Optional<Server> chosen = find(state, name);
        chosen.ifPresent(s -> write(new State(s.name(), state.servers())));
        return chosen;
    }

    private static Optional<Server> find(State state, String name) {
        return name == null ? Optional.empty()
                : state.servers().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private void write(State state) {
        try {
            Path folder = file.getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                // An existing folder may have been made by hand with looser rights.
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectories(folder);
            }
            FileAttribute<?>[] privateFile = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Path temp = Files.createTempFile(folder, ".credentials", ".tmp", privateFile);
            try {
                Files.write(temp, MAPPER.writeValueAsBytes(state));
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
