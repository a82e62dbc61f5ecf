package io.pluginconsole.plugins.install;

import com.github.zafarkhaja.semver.Version;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ServerVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-packaged plugins on offer, as Mattermost's {@code prepackaged_plugins} folder: bundles
 * ({@code *.tar.gz}, with an optional {@code <name>.tar.gz.sig} beside each) carried in the jar and
 * found in {@code prepackaged_plugins} folders in the working directory and beside the jar. Each
 * bundle is read once (unpacked under the usual limits) to learn its manifest; when two offer the
 * same plugin id the newer version wins, and of equal versions the one from a later source (a
 * folder over the jar, the working directory over the jar's folder).
 */
public final class Prepackaged {
    private static final Logger LOG = LoggerFactory.getLogger(Prepackaged.class);
    public static final String FOLDER = "prepackaged_plugins";
    /** The install record's source for plugins installed from here. */
    public static final InstallSource SOURCE = InstallSource.PREPACKAGED;
    /** The classpath folder's list of bundles, written by the build. */
    static final String INDEX = "index.txt";
    private static final int MAX_DEPTH = 8;

    /** Opens a candidate's bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** One bundle file found in a source, before it is read. */
    public record Candidate(String name, String origin, Opener bundle, Opener signature) {
    }

    /** Where bundles come from, in order: later sources override earlier ones at equal versions. */
    @FunctionalInterface
    public interface Source {
        List<Candidate> candidates() throws IOException;
    }

    /** A pre-packaged plugin on offer: its manifest and where its bundle (and signature) are. */
    public record Bundle(String id, Manifest manifest, String origin, String sha256, Candidate candidate) {
        public String version() {
            return manifest.version() == null ? "" : manifest.version();
        }

        /** The detached signature kept beside the bundle, or null when there is none. */
        public byte[] signature() {
            if (candidate.signature() == null) {
                return null;
            }
            try (InputStream in = candidate.signature().open()) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                LOG.warn("Cannot read the signature of the pre-packaged bundle {}: {}", origin, e.getMessage());
                return null;
            }
        }
    }

    /** Reads a staged bundle's manifest without installing it. */
    @FunctionalInterface
    public interface Inspector {
        Manifest inspect(StagedBundle staged);
    }

    private final List<Source> sources;
    private volatile Map<String, Bundle> offered;

    public Prepackaged(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** No pre-packaged plugins at all. */
    public static Prepackaged none() {
        return new Prepackaged(List.of());
    }

    /**
     * The server's defaults: the bundles in the jar, then {@code prepackaged_plugins} beside the
     * jar, then in the working directory (each folder once).
     */
    public static List<Source> defaultSources(Path workingDir) {
        List<Source> result = new ArrayList<>();
        result.add(classpath(Prepackaged.class.getClassLoader(), FOLDER));
        Set<Path> folders = new LinkedHashSet<>();
        jarFolder().ifPresent(dir -> folders.add(dir.resolve(FOLDER)));
        folders.add(workingDir.toAbsolutePath().normalize().resolve(FOLDER));
        folders.forEach(dir -> result.add(folder(dir)));
        return result;
    }

    /** The folder holding the jar the server runs from (none when it runs from classes). */
    static Optional<Path> jarFolder() {
        try {
            var location = Prepackaged.class.getProtectionDomain().getCodeSource().getLocation();
            Path jar = Path.of(location.toURI()).toAbsolutePath().normalize();
            if (Files.isRegularFile(jar) && jar.getParent() != null) {
                return Optional.of(jar.getParent());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not a file location: no folder beside the jar
        }
        return Optional.empty();
    }

    /** Bundles listed, one file name a line, in {@code <folder>/index.txt} on the classpath. */
    public static Source classpath(ClassLoader loader, String folder) {
        return () -> {
            List<Candidate> found = new ArrayList<>();
            InputStream index = loader.getResourceAsStream(folder + "/" + INDEX);
            if (index == null) {
                return found;
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    line = line.strip();
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        names.add(line);
                    }
                }
            }
            for (String name : names) {
                if (!name.endsWith(".tar.gz") || name.contains("/") || name.contains("\\")) {
                    continue;
                }
                String resource = folder + "/" + name;
                if (loader.getResource(resource) == null) {
                    LOG.warn("Pre-packaged bundle {} is listed in the jar's index but missing", resource);
                    continue;
                }
                Opener signature = loader.getResource(resource + ".sig") == null ? null
                        : () -> open(loader, resource + ".sig");
                found.add(new Candidate(name, "the server's own " + resource, () -> open(loader, resource), signature));
            }
            return found;
        };
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing resource " + resource);
        }
        return in;
    }

    /** Every {@code *.tar.gz} below a folder (recursively, as Mattermost walks it); none if it is missing. */
    public static Source folder(Path dir) {
        return () -> {
            List<Candidate> found = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return found;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
                files = walk.filter(p -> Files.isRegularFile(p)).sorted().toList();
            }
            Set<Path> bundles = new LinkedHashSet<>();
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tar.gz")) {
                    bundles.add(file);
                }
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tar.gz.sig")
                        && !bundles.contains(file.resolveSibling(name.substring(0, name.length() - 4)))) {
                    LOG.warn("Unknown signature {}: no bundle {} beside it", file, name.substring(0, name.length() - 4));
                }
            }
            for (Path file : bundles) {
                Path sig = file.resolveSibling(file.getFileName() + ".sig");
                Opener signature = Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS) ? () -> Files.newInputStream(sig)
                        : null;
                found.add(new Candidate(file.getFileName().toString(), file.toString(),
                        () -> Files.newInputStream(file), signature));
            }
            return found;
        };
    }

    /**
     * Reads every source once (later calls return the same result): each bundle is staged and its
     * manifest read; a bundle that cannot be read is logged and left out.
     */
    public Map<String, Bundle> load(BundleStager stager, Inspector inspector) {
        Map<String, Bundle> result = offered;
        if (result != null) {
            return result;
        }
        synchronized (this) {
            if (offered == null) {
                offered = Collections.unmodifiableMap(read(stager, inspector));
            }
            return offered;
        }
    }

    /** What {@link #load} found, or nothing before it ran. */
    public Map<String, Bundle> loaded() {
        Map<String, Bundle> result = offered;
        return result == null ? Map.of() : result;
    }

    private Map<String, Bundle> read(BundleStager stager, Inspector inspector) {
        Map<String, Bundle> best = new TreeMap<>();
        for (Source source : sources) {
            List<Candidate> candidates;
            try {
                candidates = source.candidates();
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Cannot read pre-packaged plugins: {}", e.getMessage());
                continue;
            }
            for (Candidate candidate : candidates) {
                Bundle bundle = inspect(candidate, stager, inspector);
                if (bundle == null) {
                    continue;
                }
                Bundle current = best.get(bundle.id());
                if (current == null || !isOlder(bundle.manifest().version(), current.manifest().version())) {
                    if (current != null) {
                        LOG.info("Pre-packaged plugin {}: {} ({}) replaces {} ({})", bundle.id(), bundle.origin(),
                                bundle.version(), current.origin(), current.version());
                    }
                    best.put(bundle.id(), bundle);
                }
            }
        }
        Map<String, Bundle> result = new LinkedHashMap<>(best);
        if (!result.isEmpty()) {
            LOG.info("Pre-packaged plugins on offer: {}", result.values().stream()
                    .map(b -> b.id() + " " + b.version()).toList());
        }
        return result;
    }

    private static Bundle inspect(Candidate candidate, BundleStager stager, Inspector inspector) {
        try (InputStream in = candidate.bundle().open();
             StagedBundle staged = stager.stage(in, Long.MAX_VALUE)) {
            Manifest manifest = inspector.inspect(staged);
            return new Bundle(manifest.id(), manifest, candidate.origin(), staged.sha256(), candidate);
        } catch (IOException | PluginException | UncheckedIOException e) {
            LOG.warn("Skipped the pre-packaged bundle {}: {}", candidate.origin(), e.getMessage());
            return null;
        }
    }

    /** Whether {@code version} is lower than {@code than}; unparsable versions are never older. */
    static boolean isOlder(String version, String than) {
        Optional<Version> a = ServerVersion.parse(version);
        Optional<Version> b = ServerVersion.parse(than);
        return a.isPresent() && b.isPresent() && a.get().isLowerThan(b.get());
    }

    /** Whether {@code version} is higher than the installed {@code installed}. */
    /**
     * Installed from a pre-packaged offer that is still on offer: it comes from this node's own
     * offers, never from the file store, and cannot be removed.
     */
    public static boolean isOfferedCopy(InstalledPlugin plugin, Map<String, Bundle> offered) {
        return plugin.source().is(InstallSource.Kind.PREPACKAGED) && offered.containsKey(plugin.id());
    }

    public static boolean isNewer(String version, String installed) {
        Optional<Version> a = ServerVersion.parse(version);
        Optional<Version> b = ServerVersion.parse(installed);
        return a.isPresent() && (b.isEmpty() || a.get().isHigherThan(b.get()));
    }
}
