package io.pluginconsole.plugins.install;

import com.github.zafarkhaja.semver.Version;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.BundleReader;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestParser;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.bundle.ParsedManifest;
import io.pluginconsole.plugins.bundle.Platform;
import io.pluginconsole.plugins.bundle.ServerVersion;
import io.pluginconsole.plugins.runtime.PluginRuntime;
import io.pluginconsole.storage.FileStore;
import io.pluginconsole.storage.FileStoreException;
import io.pluginconsole.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install pipeline every source ends in: stage, unpack into a fresh folder, validate, then
 * under the plugin's lock apply the install mode, switch folders by rename, restart the plugin if
 * it was enabled, and only then keep the bundle in the file store. Any failure after the switch
 * puts the previous folder back, so a plugin is always either its old or its new version.
 */
public final class Installer {
    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);

    private final PluginFolders folders;
    private final BundleStager stager;
    private final BundleReader reader;
    private final FileStore store;
    private final PluginRuntime runtime;
    private final Predicate<String> enabled;
    private final PluginLocks locks;
    private final InstallSteps steps;
    private final java.util.function.Supplier<SignaturePolicy> signatures;
    private final Semaphore unpackSlots = new Semaphore(2);
    private final String platform = Platform.current();
    private volatile BundleLedger ledger = BundleLedger.NONE;

    public Installer(PluginFolders folders, BundleStager stager, BundleReader reader, FileStore store,
                     PluginRuntime runtime, Predicate<String> enabled, PluginLocks locks, InstallSteps steps,
                     java.util.function.Supplier<SignaturePolicy> signatures) {
        this.folders = folders;
        this.stager = stager;
        this.reader = reader;
        this.store = store;
        this.runtime = runtime;
        this.enabled = enabled;
        this.locks = locks;
        this.steps = steps;
        this.signatures = signatures;
    }

    /** Where a stored bundle's SHA-256 is recorded for the other nodes of a cluster. */
    public void useLedger(BundleLedger ledger) {
        this.ledger = ledger;
    }

    /** Receives a bundle from a stream (upload, URL, CLI), installs it and keeps it in the file store. */
    public InstallResult install(InputStream bundle, byte[] signature, long maxBytes, InstallMode mode,
                                 InstallSource source) {
        try (StagedBundle staged = stager.stage(bundle, maxBytes)) {
            steps.reached("staged");
            return installStaged(staged, signature, mode, source, true);
        }
    }

    /**
     * Installs a bundle already staged. {@code persist} is false when the bundle came from the
     * file store itself (sync), which must not be written back.
     */
    public InstallResult installStaged(StagedBundle staged, byte[] signature, InstallMode mode, InstallSource source,
                                       boolean persist) {
        // Before anything is unpacked: an unsigned or forged bundle never reaches the reader.
        InstallRecord.Signer signer = checkSignature(staged, signature);
        acquireUnpackSlot();
        Path incoming = null;
        try {
            incoming = folders.newIncoming();
            reader.unpack(staged.file(), incoming);
            Path root = pluginRoot(incoming);
            ParsedManifest parsed = ManifestParser.find(root);
            Manifest manifest = parsed.manifest();
            ManifestValidator.checkInstallable(manifest, root, platform);
            markExecutables(manifest, root);
            InstallRecord record = InstallRecord.of(staged.sha256(), staged.size(), source, signer);
            record.writeTo(root);
            steps.reached("unpacked");
            Path ready = root;
            return locks.withLock(manifest.id(),
                    () -> switchIn(manifest, ready, record, staged, signature, mode, persist));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No space left")) {
                throw new PluginException(ErrorIds.NO_SPACE, PluginException.Kind.INSUFFICIENT_STORAGE,
                        "Not enough disk space to install the plugin. Free space on the server's disk and try again.",
                        e.getMessage(), e);
            }
            throw new PluginException(ErrorIds.INSTALL, PluginException.Kind.INTERNAL,
                    "The plugin could not be installed: " + e.getMessage()
                            + ". Check that the plugins folder is writable.", e.getMessage(), e);
        } finally {
            unpackSlots.release();
            if (incoming != null) {
                deleteQuietly(incoming);
            }
        }
    }

    /**
     * Reads a staged bundle's manifest as an install would (unpacked under the same limits into a
     * work folder, then validated for this host) without installing anything; the work folder is
     * deleted. Used to learn what a pre-packaged bundle offers.
     */
    public Manifest inspect(StagedBundle staged) {
        acquireUnpackSlot();
        Path incoming = null;
        try {
            incoming = folders.newIncoming();
            reader.unpack(staged.file(), incoming);
            Path root = pluginRoot(incoming);
            Manifest manifest = ManifestParser.find(root).manifest();
            ManifestValidator.checkInstallable(manifest, root, platform);
            return manifest;
        } catch (IOException e) {
            throw new PluginException(ErrorIds.EXTRACT, PluginException.Kind.INTERNAL,
                    "The bundle could not be read: " + e.getMessage(), e.getMessage(), e);
        } finally {
            unpackSlots.release();
            if (incoming != null) {
                deleteQuietly(incoming);
            }
        }
    }

    /**
     * Checks a bundle's detached signature when one is given or PluginSettings.RequirePluginSignature
     * is on, and returns the key that made it (null: unsigned and not required). Throws
     * {@code api.plugin.verify_plugin.app_error} otherwise.
     */
    public InstallRecord.Signer checkSignature(StagedBundle staged, byte[] signature) {
        SignaturePolicy policy = signatures.get();
        if (signature != null || policy.required()) {
            return policy.verifier().verify(staged.file(), signature);
        }
        return null;
    }

    /** Whether every install must carry a valid signature (PluginSettings.RequirePluginSignature). */
    public boolean signaturesRequired() {
        return signatures.get().required();
    }

    private InstallResult switchIn(Manifest manifest, Path ready, InstallRecord record, StagedBundle staged,
                                   byte[] signature, InstallMode mode, boolean persist) {
        String id = manifest.id();
        Optional<InstalledPlugin> existing = Optional.ofNullable(folders.scan().get(id));
        existing.ifPresent(old -> checkMode(mode, old.manifest(), manifest));
        if (existing.isPresent() && existing.get().record() != null) {
            // Kept so the console can say when an upgrade comes signed by a different key.
            InstalledPlugin old = existing.get();
            try {
                record.withPrevious(new InstallRecord.Previous(old.manifest().version(), old.record().signedBy()))
                        .writeTo(ready);
            } catch (IOException e) {
                throw new PluginException(ErrorIds.INSTALL, PluginException.Kind.INTERNAL,
                        "The plugin could not be installed: " + e.getMessage()
                                + ". Check that the plugins folder is writable.", e.getMessage(), e);
            }
        }
        Path live = folders.live(id);
        if (existing.isEmpty() && Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
            throw new PluginException(ErrorIds.MVDIR, PluginException.Kind.CONFLICT,
                    "The folder " + live.getFileName() + " in the plugins folder is in the way and holds no plugin "
                            + id + ". Move it away and install again.", "folder exists", null);
        }
        boolean wasEnabled = enabled.test(id);
        Path trash = folders.trashed(id);
        try {
            Files.createDirectories(trash.getParent());
            PluginFolders.deleteTree(trash);
            if (existing.isPresent()) {
                runtime.deactivate(id);
                Files.move(existing.get().folder(), trash, StandardCopyOption.ATOMIC_MOVE);
                steps.reached("old-moved");
            }
            Files.move(ready, live, StandardCopyOption.ATOMIC_MOVE);
            steps.reached("switched");
        } catch (IOException e) {
            restore(id, existing.isPresent(), false);
            throw new PluginException(ErrorIds.MVDIR, PluginException.Kind.INTERNAL,
                    "Unable to move the plugin into the plugins folder: " + e.getMessage()
                            + ". Check the folder's permissions.", e.getMessage(), e);
        }
        if (wasEnabled) {
            try {
                runtime.activate(id, live, manifest);
            } catch (PluginException e) {
                restore(id, existing.isPresent(), true);
                throw new PluginException(ErrorIds.RESTART, PluginException.Kind.INTERNAL,
                        "The new version of " + id + " failed to start; the previous version was restored. "
                                + e.getMessage(), e.detail(), e);
            }
        }
        if (persist) {
            try {
                if (signature != null) {
                    store.write(StoreKeys.signature(id), new java.io.ByteArrayInputStream(signature), signature.length);
                } else {
                    store.delete(StoreKeys.signature(id)); // a signature of the replaced bundle no longer applies
                }
                store.writeFile(StoreKeys.bundle(id), staged.file());
                steps.reached("stored");
            } catch (FileStoreException e) {
                if (wasEnabled) {
                    runtime.deactivate(id);
                }
                restore(id, existing.isPresent(), wasEnabled);
                throw new PluginException(ErrorIds.STORE_BUNDLE, PluginException.Kind.UPSTREAM,
                        "Unable to save the plugin to the file store, so it was not installed: " + e.getMessage(),
                        e.getMessage(), e);
            }
            try {
                ledger.recordStored(id, staged.sha256(), manifest.version());
            } catch (RuntimeException e) {
                if (wasEnabled) {
                    runtime.deactivate(id);
                }
                restore(id, existing.isPresent(), wasEnabled);
                throw new PluginException(ErrorIds.STORE_BUNDLE, PluginException.Kind.UPSTREAM,
                        "Unable to record the plugin in the cluster database, so it was not installed on any node: "
                                + e.getMessage(), e.getMessage(), e);
            }
        }
        try {
            folders.discard(trash);
        } catch (IOException e) {
            LOG.warn("Could not clear the previous version of {}: {}", id, e.getMessage());
        }
        steps.reached("done");
        InstalledPlugin installed = PluginFolders.read(live);
        String previous = existing.map(p -> p.manifest().version()).orElse(null);
        LOG.info("Installed plugin {} {} (sha256 {}, {})", id, manifest.version(), staged.sha256(),
                record.signedBy() == null ? "unsigned" : "signed by " + record.signedBy().spacedFingerprint()
                        + " " + record.signedBy().uid());
        return new InstallResult(installed, previous, existing.isPresent());
    }

    /** Puts the previous folder back after a failed switch; the new folder is discarded. */
    private void restore(String id, boolean hadPrevious, boolean restart) {
        Path live = folders.live(id);
        Path trash = folders.trashed(id);
        try {
            if (hadPrevious && Files.exists(trash, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
                    Path discard = folders.newIncoming();
                    Files.move(live, discard.resolve(id), StandardCopyOption.ATOMIC_MOVE);
                    deleteQuietly(discard);
                }
                Files.move(trash, live, StandardCopyOption.ATOMIC_MOVE);
                if (restart) {
                    InstalledPlugin old = PluginFolders.read(live);
                    if (old != null) {
                        try {
                            runtime.activate(id, live, old.manifest());
                        } catch (PluginException e) {
                            LOG.warn("Restored plugin {} did not start again: {}", id, e.getMessage());
                        }
                    }
                }
            } else if (!hadPrevious && Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
                PluginFolders.deleteTree(live);
            }
        } catch (IOException e) {
            // The next start's recovery finishes the job: a trashed folder without a live one is restored.
            LOG.error("Could not restore plugin {} after a failed install: {}", id, e.getMessage());
        }
    }

    private static void checkMode(InstallMode mode, Manifest installed, Manifest incoming) {
        switch (mode) {
            case IF_NEW -> throw new io.pluginconsole.plugins.PluginConflictException(incoming.id(),
                    installed.version(), incoming.version());
            case IF_NEWER -> {
                Version next = ServerVersion.parse(incoming.version()).orElseThrow(() -> new PluginException(
                        ErrorIds.INVALID_VERSION, PluginException.Kind.BAD_INPUT,
                        "The plugin's version \"" + printable(incoming.version()) + "\" is not a version such as "
                                + "1.2.3, so it cannot be compared with the installed one.", "invalid version", null));
                Optional<Version> current = ServerVersion.parse(installed.version());
                if (current.isPresent() && !next.isHigherThan(current.get())) {
                    throw new PluginException(ErrorIds.SKIP_INSTALLATION, PluginException.Kind.CONFLICT,
                            "Plugin " + incoming.id() + " " + next + " is not newer than the installed "
                                    + current.get() + "; nothing was changed.", "not newer", null);
                }
            }
            case ALWAYS -> {
                // replaces whatever is installed, downgrades included
            }
        }
    }

    private static String printable(String version) {
        return version == null || version.isEmpty() ? "(no version)" : version;
    }

    /** Mattermost's layout rule: a single top-level folder is the plugin; otherwise the root is. */
    private static Path pluginRoot(Path unpacked) throws IOException {
        Path only = null;
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(unpacked)) {
            for (Path entry : entries) {
                count++;
                only = entry;
            }
        }
        if (count == 1 && Files.isDirectory(only, LinkOption.NOFOLLOW_LINKS)) {
            return only;
        }
        return unpacked;
    }

    /** Declared executables run as programs; every other file keeps the mode the reader gave it. */
    private static void markExecutables(Manifest manifest, Path root) throws IOException {
        Manifest.Server server = manifest.serverPart();
        if (server == null) {
            return;
        }
        java.util.List<String> paths = new java.util.ArrayList<>();
        if (server.executables() != null) {
            paths.addAll(server.executables().values());
        }
        if (server.executable() != null) {
            paths.add(server.executable());
        }
        for (String path : paths) {
            Path file = path == null ? null : ManifestValidator.resolve(root, path);
            if (file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private void acquireUnpackSlot() {
        try {
            if (!unpackSlots.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new PluginException(ErrorIds.BUSY, PluginException.Kind.BUSY,
                        "The server is busy installing other plugins. Try again in a minute.", "busy", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorIds.BUSY, PluginException.Kind.BUSY,
                    "The install was interrupted. Try again.", "interrupted", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            PluginFolders.deleteTree(path);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", path, e.getMessage());
        }
    }
}
