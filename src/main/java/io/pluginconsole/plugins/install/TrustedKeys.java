package io.pluginconsole.plugins.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.config.ConfigStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public keys plugin signatures are checked against, managed as Mattermost's
 * {@code plugin keys add|delete} does: a key file is copied into the configuration folder and its
 * file name appended to PluginSettings.SignaturePublicKeyFiles; deleting removes both. Only the
 * command line on the server's host calls this; the API has no way to change trusted keys.
 */
public final class TrustedKeys {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ConfigStore config;
    private final Path configFolder;

    public TrustedKeys(ConfigStore config, Path configFolder) {
        this.config = config;
        this.configFolder = configFolder.toAbsolutePath().normalize();
    }

    /** The keys of the configuration kept in {@code config}'s folder. */
    public static TrustedKeys of(ConfigStore config) {
        return new TrustedKeys(config, Path.of(config.location()).toAbsolutePath().getParent());
    }

    /** The built-in Mattermost key first (when present), then each configured key file in order. */
    public List<TrustedKey> list() {
        List<TrustedKey> keys = new ArrayList<>();
        TrustedKey mattermost = MattermostKey.describe();
        if (mattermost != null) {
            keys.add(mattermost);
        }
        for (String name : names()) {
            try {
                byte[] bytes = Files.readAllBytes(SignatureVerifier.keyFile(configFolder, name));
                keys.add(PublicKeys.describe(PublicKeys.parse(bytes), name, false));
            } catch (IOException | IllegalArgumentException e) {
                String reason = e instanceof NoSuchFileException ? "the file is missing" : e.getMessage();
                keys.add(new TrustedKey(name, "", "", null, false, reason));
            }
        }
        return keys;
    }

    /**
     * Trusts the public key in {@code file}: copied as {@code configFolder/<file name>} and named
     * in SignaturePublicKeyFiles. Nothing changes when the file is not a public key, the key is
     * already trusted, or a different file of that name is in the way.
     */
    public TrustedKey add(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(Files.exists(file) ? "not a file" : "no such file");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the file: " + e.getMessage());
        }
        if (bytes.length > 1024 * 1024) {
            throw new IllegalArgumentException("the file is larger than 1 MiB; a public key is a few KiB");
        }
        TrustedKey key = PublicKeys.describe(PublicKeys.parse(bytes), "", false);
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the file name \"" + name + "\" cannot be used; rename the file to "
                    + "letters, digits, '.', '_' and '-' only (for example " + key.fingerprint() + ".asc)");
        }
        Path configFile = Path.of(config.location()).toAbsolutePath().normalize();
        if (configFile.getFileName().toString().equals(name)) {
            throw new IllegalArgumentException("the key file cannot be named like the configuration file");
        }
        for (TrustedKey trusted : list()) {
            if (trusted.fingerprint().equals(key.fingerprint())) {
                throw new IllegalArgumentException("the key " + key.spacedFingerprint() + " is already trusted"
                        + (trusted.builtIn() ? " (built in)" : " as " + trusted.name()));
            }
            if (trusted.name().equals(name)) {
                throw new IllegalArgumentException("a different key named " + name + " is already trusted; "
                        + "rename the file or delete that key first");
            }
        }
        Path target = SignatureVerifier.keyFile(configFolder, name);
        try {
            Files.createDirectories(configFolder);
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("a file named " + name + " is already in " + configFolder
                    + "; rename the key file and add it again");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + target + ": " + e.getMessage());
        }
        try {
            config.update(tree -> keyList(tree).add(name));
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw new IllegalArgumentException("cannot save " + config.location() + ": " + e.getMessage());
        }
        return new TrustedKey(name, key.fingerprint(), key.uid(), key.created(), false, null);
    }

    /**
     * Stops trusting a key, given its name in SignaturePublicKeyFiles or its fingerprint (full,
     * spaces allowed, or the last 16 hex digits); its file is deleted from the configuration folder.
     */
    public TrustedKey delete(String nameOrFingerprint) {
        String wanted = nameOrFingerprint == null ? "" : nameOrFingerprint.strip();
        String asFingerprint = TrustedKey.normalise(wanted);
        List<TrustedKey> matches = new ArrayList<>();
        for (TrustedKey key : list()) {
            boolean byFingerprint = asFingerprint.length() >= 16 && !key.fingerprint().isEmpty()
                    && key.fingerprint().endsWith(asFingerprint);
            if (key.name().equals(wanted) || byFingerprint) {
                matches.add(key);
            }
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no trusted key is named or has the fingerprint \"" + wanted
                    + "\"; 'plugin-console plugin keys list' shows them");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("\"" + wanted + "\" matches several keys; give the file name");
        }
        TrustedKey key = matches.get(0);
        if (key.builtIn()) {
            throw new IllegalArgumentException("the Mattermost key is built in and cannot be deleted");
        }
        config.update(tree -> {
            ArrayNode list = keyList(tree);
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).asText().equals(key.name())) {
                    list.remove(i);
                }
            }
        });
        try {
            Path file = SignatureVerifier.keyFile(configFolder, key.name());
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
        } catch (IOException | IllegalArgumentException e) {
            // No longer trusted either way: the name is gone from the configuration.
        }
        return key;
    }

    private List<String> names() {
        List<String> names = config.current().pluginSettings().signaturePublicKeyFiles();
        return names == null ? List.of() : names;
    }

    private static ArrayNode keyList(ObjectNode tree) {
        ObjectNode settings = tree.withObjectProperty("PluginSettings");
        if (settings.get("SignaturePublicKeyFiles") instanceof ArrayNode list) {
            return list;
        }
        return settings.putArray("SignaturePublicKeyFiles");
    }

    /** The key named {@code name} in SignaturePublicKeyFiles, if it is configured. */
    public Optional<TrustedKey> find(String name) {
        return list().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind, but not trusted: it is not named in the configuration
        }
    }
}
