package io.pluginconsole.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.pluginconsole.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * The server's log as a file: JSON lines ({@link JsonLineEncoder}) in
 * {@code <LogSettings.FileLocation>/plugin-console.log} (default {@code ./logs}) at
 * {@code LogSettings.FileLevel}, rolled over at {@value #MAX_FILE_BYTES} bytes with {@value #BACKUPS}
 * older files kept ({@code plugin-console.log.1} is the newest of them), so the log never takes
 * more than about 60 MB. The size is checked before every write, so a file exceeds the limit by
 * one entry at most, and entries themselves are bounded ({@link JsonLineEncoder#MAX_FIELD}). The
 * folder is created 0700 and the files 0600. Added beside the console output; only the server
 * installs it, never a CLI command.
 */
public final class ServerLogFile implements AutoCloseable {
    public static final String FILE_NAME = "plugin-console.log";
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    public static final int BACKUPS = 5;
    public static final String DEFAULT_LOCATION = "./logs";

    private final Path file;
    private final boolean enabled;
    private final RollingFileAppender<ILoggingEvent> appender;
    private final LogReads reads = new LogReads();

    private ServerLogFile(Path file, boolean enabled, RollingFileAppender<ILoggingEvent> appender) {
        this.file = file;
        this.enabled = enabled;
        this.appender = appender;
    }

    /** The folder LogSettings.FileLocation names (blank means {@code ./logs}), resolved against the working directory. */
    public static Path folder(Config.LogSettings settings, Path workingDir) {
        String location = settings.fileLocation() == null || settings.fileLocation().isBlank()
                ? DEFAULT_LOCATION : settings.fileLocation();
        return workingDir.resolve(location).toAbsolutePath().normalize();
    }

    /**
     * Creates the log folder, readable only by the server's user (0700), when it does not exist
     * yet; an existing folder is left as the administrator made it. Failures are left to the
     * folder check, which explains them.
     */
    public static void createFolder(Config.LogSettings settings, Path workingDir) {
        Path folder = folder(settings, workingDir);
        if (Files.exists(folder)) {
            return;
        }
        try {
            if (folder.getParent() != null) {
                Files.createDirectories(folder.getParent());
            }
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            // reported by the folder check that follows
        }
    }

    /** A log that is not written (LogSettings.EnableFile is false, or its folder is unusable). */
    public static ServerLogFile off(Config.LogSettings settings, Path workingDir) {
        return new ServerLogFile(folder(settings, workingDir).resolve(FILE_NAME), false, null);
    }

    /** Starts writing the file; the folder must exist and be writable. */
    public static ServerLogFile start(Config.LogSettings settings, Path workingDir) {
        Path file = folder(settings, workingDir).resolve(FILE_NAME);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level level = Level.toLevel(settings.fileLevel(), Level.INFO);

        RollingFileAppender<ILoggingEvent> appender = new PrivateRollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file-" + UUID.randomUUID());
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(BACKUPS);
        rolling.start();
        SizeOnEveryWrite<ILoggingEvent> trigger = new SizeOnEveryWrite<>(MAX_FILE_BYTES);
        trigger.setContext(context);
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level.toString());
        threshold.start();
        appender.addFilter(threshold);
        appender.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        lowerRootLevel(root, level);
        root.addAppender(appender);
        return new ServerLogFile(file, appender.isStarted(), appender);
    }

    /**
     * A FileLevel more verbose than the server's log level lowers the root level to it; the
     * console appenders keep their previous level through a threshold filter, so the console
     * output does not change.
     */
    private static void lowerRootLevel(Logger root, Level fileLevel) {
        Level current = root.getLevel();
        if (current == null || fileLevel.isGreaterOrEqual(current)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> other = it.next();
            ThresholdFilter keep = new ThresholdFilter();
            keep.setLevel(current.toString());
            keep.start();
            other.addFilter(keep);
        }
        root.setLevel(fileLevel);
    }

    /** Whether the server writes this file. */
    public boolean enabled() {
        return enabled;
    }

    /** The current log file (it may not exist yet). */
    public Path file() {
        return file;
    }

    /** The current file, then the rotated ones, newest first. */
    public List<Path> files() {
        List<Path> all = new ArrayList<>();
        all.add(file);
        for (int i = 1; i <= BACKUPS; i++) {
            all.add(file.resolveSibling(FILE_NAME + "." + i));
        }
        return all;
    }

    public LogReader reader() {
        return new LogReader(files());
    }

    /** The limit on reads of this log running at once. */
    public LogReads reads() {
        return reads;
    }

    /** Stops writing; another server in the same process may then use the same file again. */
    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        LoggerContext context = (LoggerContext) appender.getContext();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }
}
