package io.pluginconsole.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * config.json on disk. Created with the defaults on first use; saved atomically (write a sibling,
 * then rename) so a crash never leaves half a file.
 */
public final class FileConfigStore implements ConfigStore {
    private final Path file;
    private final EnvOverrides env;
    private final ConfigListeners listeners = new ConfigListeners();
    private ObjectNode stored;
    private Config current;

    public FileConfigStore(Path file, EnvOverrides env) {
        this.file = file.toAbsolutePath().normalize();
        this.env = env;
        load();
    }

    private synchronized void load() {
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.getParent());
                write(ConfigJson.defaultsTree());
            }
            JsonNode tree;
            try {
                tree = ConfigJson.MAPPER.readTree(file.toFile());
            } catch (JsonProcessingException e) {
                throw new ConfigException(location() + " is not valid JSON at line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()
                        + ". Fix the file, or move it away to start again from the defaults.");
            }
            if (!(tree instanceof ObjectNode object)) {
                throw new ConfigException(location() + " must hold a JSON object with sections such as "
                        + "\"PluginSettings\".");
            }
            this.current = evaluate(object);
            this.stored = object;
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + location() + ": " + e.getMessage(), e);
        }
    }

    private Config evaluate(ObjectNode storedTree) {
        return ConfigJson.evaluate(storedTree, env, location());
    }

    @Override
    public synchronized Config current() {
        return current;
    }

    @Override
    public Config update(Consumer<ObjectNode> change) {
        Config before;
        Config evaluated;
        synchronized (this) {
            before = current;
            ObjectNode candidate = stored.deepCopy();
            change.accept(candidate);
            evaluated = evaluate(candidate);
            try {
                write(candidate);
            } catch (IOException e) {
                throw new ConfigException("Cannot save " + location() + ": " + e.getMessage(), e);
            }
            stored = candidate;
            current = evaluated;
        }
        listeners.fire(before, evaluated);
        return evaluated;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The stored (not effective) tree, for the config API. */
    public synchronized ObjectNode stored() {
        return stored.deepCopy();
    }

    @Override
    public String location() {
        return file.toString();
    }

    private void write(ObjectNode tree) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, ConfigJson.MAPPER.writeValueAsBytes(tree));
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
