package io.pluginconsole.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config.json on disk. Created with the defaults on first use (0600, in a 0700 folder when the
 * folder is new). Every save is compare-and-set: the file is re-read, the change is applied to
 * what it holds now (so edits made by hand or by another process are kept), and the result
 * replaces the file atomically only if the file did not change meanwhile. Edits made elsewhere
 * are loaded by {@link #reload()}, which {@link #followChanges()} calls when the file changes.
 */
public final class FileConfigStore implements ConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileConfigStore.class);
    /** One writer per file in this JVM (a FileLock alone cannot be taken twice by one JVM). */
    private static final Map<Path, Object> WRITERS = new ConcurrentHashMap<>();
    private static final int ATTEMPTS = 5;
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Path file;
    private final EnvOverrides env;
    private final ConfigListeners listeners = new ConfigListeners();
    private final Object writer;
    private volatile ObjectNode stored;
    private volatile Config current;
    /** The file content this store last loaded or wrote; a different hash on disk is an edit made elsewhere. */
    private volatile byte[] known;
    /** The invalid content last reported, so one bad edit is logged once. */
    private volatile byte[] reportedInvalid;
    private volatile String diskProblem;

    public FileConfigStore(Path file, EnvOverrides env) {
        this.file = file.toAbsolutePath().normalize();
        this.env = env;
        this.writer = WRITERS.computeIfAbsent(this.file, f -> new Object());
        load();
    }

    private void load() {
        synchronized (writer) {
            ConfigFile disk = new ConfigFile(file);
            try {
                if (!disk.exists()) {
                    disk.createFolder();
                    try (ConfigFile.Lock lock = disk.lock()) {
                        if (!disk.exists()) {
                            disk.replace(serialise(ConfigJson.defaultsTree()), null);
                        }
                    }
                }
                byte[] bytes = disk.read();
                ObjectNode tree = parse(bytes, location());
                this.current = evaluate(tree);
                this.stored = tree;
                this.known = ConfigFile.hash(bytes);
            } catch (IOException e) {
                throw new ConfigException("Cannot read " + location() + ": " + e.getMessage(), e);
            }
        }
    }

    private Config evaluate(ObjectNode storedTree) {
        return ConfigJson.evaluate(storedTree, env, location());
    }

    @Override
    public Config current() {
        return current;
    }

    @Override
    public Config update(Consumer<ObjectNode> change) {
        Config before;
        Config evaluated;
        synchronized (writer) {
            ConfigFile disk = new ConfigFile(file);
            try (ConfigFile.Lock lock = disk.lock()) {
                for (int attempt = 1; ; attempt++) {
                    byte[] bytes = disk.readIfExists();
                    byte[] hash = bytes == null ? null : ConfigFile.hash(bytes);
                    ObjectNode base = bytes == null || Arrays.equals(hash, known) ? stored : editedElsewhere(bytes);
                    ObjectNode candidate = base.deepCopy();
                    change.accept(candidate);
                    evaluated = evaluate(candidate);
                    byte[] next = serialise(candidate);
                    if (!disk.replace(next, hash)) {
                        if (attempt == ATTEMPTS) {
                            throw new ConfigException(location() + " kept changing while the server saved it. "
                                    + "Nothing was saved; try again.");
                        }
                        continue; // edited between the read and the write: apply the change to the new content
                    }
                    before = current;
                    stored = candidate;
                    current = evaluated;
                    known = ConfigFile.hash(next);
                    diskProblem = null;
                    break;
                }
            } catch (IOException e) {
                throw new ConfigException("Cannot save " + location() + ": " + e.getMessage()
                        + ". Nothing was saved.", e);
            }
        }
        listeners.fire(before, evaluated);
        return evaluated;
    }

    /** The tree of a file edited elsewhere; an invalid edit is neither applied nor overwritten. */
    private ObjectNode editedElsewhere(byte[] bytes) {
        try {
            ObjectNode tree = parse(bytes, location());
            evaluate(tree);
            return tree;
        } catch (ConfigException e) {
            throw new ConfigException(location() + " was changed on disk and is not valid, so nothing was saved "
                    + "and the server keeps running with its last good configuration. " + e.getMessage(), e);
        }
    }

    /**
     * Loads the file if it changed since this store last read or wrote it, and tells the listeners.
     * An invalid file is reported (once per content) and ignored: the last good configuration stays.
     *
     * @return whether a new configuration was loaded
     */
    public boolean reload() {
        Config before;
        Config after;
        synchronized (writer) {
            byte[] bytes;
            try {
                bytes = new ConfigFile(file).readIfExists();
            } catch (IOException e) {
                LOG.warn("Cannot read {} to look for changes: {}", location(), e.getMessage());
                return false;
            }
            if (bytes == null) {
                return false; // moved away or being replaced; the next save writes it again
            }
            byte[] hash = ConfigFile.hash(bytes);
            if (Arrays.equals(hash, known)) {
                return false;
            }
            ObjectNode tree;
            try {
                tree = parse(bytes, location());
                after = evaluate(tree);
            } catch (ConfigException e) {
                diskProblem = e.getMessage();
                if (!Arrays.equals(hash, reportedInvalid)) {
                    reportedInvalid = hash;
                    LOG.error("{} was changed on disk but is not valid; the server keeps its last good "
                            + "configuration until the file is fixed. {}", location(), e.getMessage());
                }
                return false;
            }
            before = current;
            stored = tree;
            current = after;
            known = hash;
            diskProblem = null;
        }
        LOG.info("{} was changed on disk; the new settings are applied", location());
        listeners.fire(before, after);
        return true;
    }

    /** Why the file on disk is not in use, when a hand edit made it invalid. */
    public Optional<String> diskProblem() {
        return Optional.ofNullable(diskProblem);
    }

    /** Watches the file's folder (with a periodic check as a fallback) and reloads on every change. */
    @Override
    public AutoCloseable followChanges() {
        return ConfigFileWatcher.start(file, POLL, this::reload);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean overridden(String section, String key) {
        return env.overrides(section, key);
    }

    /** The stored (not effective) tree, for the config API. */
    public ObjectNode stored() {
        return stored.deepCopy();
    }

    /** The path of config.json. */
    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    private static ObjectNode parse(byte[] bytes, String location) {
        JsonNode tree;
        try {
            tree = ConfigJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException(location + " is not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()
                    + ". Fix the file, or move it away to start again from the defaults.");
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + location + ": " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ConfigException(location + " must hold a JSON object with sections such as "
                    + "\"PluginSettings\".");
        }
        return object;
    }

    private static byte[] serialise(ObjectNode tree) throws JsonProcessingException {
        return ConfigJson.MAPPER.writeValueAsBytes(tree);
    }
}
