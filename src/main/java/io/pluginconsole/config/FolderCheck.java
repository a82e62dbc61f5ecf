package io.pluginconsole.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes sure a configured folder exists and can be written, by creating it and a probe file in
 * it (permission bits alone do not tell: ACLs, read-only mounts and root all answer differently).
 */
public final class FolderCheck {
    private final String configFile;
    private final Path workingDir;
    private final String user;

    public FolderCheck(String configFile, Path workingDir) {
        this(configFile, workingDir, System.getProperty("user.name"));
    }

    FolderCheck(String configFile, Path workingDir, String user) {
        this.configFile = configFile;
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.user = user;
    }

    /** Empty when {@code folder} exists (or could be created) and a file can be written in it. */
    public Optional<StartupProblem> check(String what, Path folder, String setting, boolean blocksPlugins) {
        Path absolute = workingDir.resolve(folder).toAbsolutePath().normalize();
        boolean existed = Files.isDirectory(absolute);
        try {
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new FileAlreadyExistsException(absolute.toString());
            }
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".write-check-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(new StartupProblem(existed ? "write to" : "create", what, absolute.toString(), reason(e), user, setting, configFile,
                    workingDir.toString(), blocksPlugins));
        }
    }

    /** The path itself or its nearest ancestor that is a regular file, if any. */
    private static Path fileInTheWay(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** "permission denied", "/x/file is a file, not a folder", or the system's own words. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a folder";
        }
        if (e instanceof FileSystemException f && f.getFile() != null && fileInTheWay(Path.of(f.getFile())) != null) {
            return fileInTheWay(Path.of(f.getFile())) + " is a file, not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String file = f.getFile();
            String r = f.getReason();
            return r.toLowerCase(java.util.Locale.ROOT) + (file == null ? "" : ": " + file);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
