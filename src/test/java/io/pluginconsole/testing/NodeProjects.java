package io.pluginconsole.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tests' Node.js projects under {@code src/test/js/<name>}: each is copied to
 * {@code target/<name>-node} and installed from its lock file with {@code npm ci}, once, and again
 * only when the lock file changes. Needs {@code node} 18 or newer and {@code npm} on the PATH.
 */
public final class NodeProjects {
    private NodeProjects() {
    }

    /** What a process printed and how it ended. */
    public record Run(int exit, String stdout, String stderr) {
    }

    /** The installed project folder; {@code marker} is a path under node_modules that must exist. */
    public static synchronized Path install(String name, String marker, String... files) {
        try {
            Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
            Path source = base.resolve("src/test/js").resolve(name);
            Path target = base.resolve("target").resolve(name + "-node");
            Files.createDirectories(target);
            for (String file : concat(files, "package.json", "package-lock.json")) {
                Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String nodeVersion = tool("node", "--version");
            int major = Integer.parseInt(nodeVersion.replaceFirst("^v(\\d+).*$", "$1"));
            if (major < 18) {
                fail("The tests need Node.js 18 or newer; found " + nodeVersion + ".");
            }
            tool("npm", "--version");
            String lockHash = sha256(Files.readAllBytes(source.resolve("package-lock.json")));
            Path stamp = target.resolve("node_modules/.installed-lock-sha256");
            if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(lockHash)
                    && Files.exists(target.resolve("node_modules").resolve(marker))) {
                return target;
            }
            Run npm = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(target.toFile()), 300);
            if (npm.exit() != 0) {
                fail("'npm ci' failed in " + target + " (exit " + npm.exit() + "); it needs the npm registry.\nstdout:\n"
                        + npm.stdout() + "\nstderr:\n" + npm.stderr());
            }
            Files.writeString(stamp, lockHash + "\n");
            return target;
        } catch (IOException e) {
            throw new AssertionError("Could not install the Node project " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a process to its end within the time limit, its input closed. */
    public static Run run(ProcessBuilder pb, int timeoutSeconds) {
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("'" + String.join(" ", pb.command()) + "' did not finish within " + timeoutSeconds + " s");
            }
            return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new AssertionError("Could not run '" + String.join(" ", pb.command()) + "' (Node.js 18 or newer "
                    + "with npm is needed on the PATH; on Debian: apt-get install nodejs npm): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError("'" + String.join(" ", pb.command()) + "' failed: " + e, e);
        }
    }

    private static String tool(String name, String arg) {
        Run run = run(new ProcessBuilder(name, arg), 30);
        if (run.exit() != 0) {
            fail("'" + name + " " + arg + "' exited with " + run.exit() + ": " + run.stderr());
        }
        return run.stdout().strip();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] extra, String... always) {
        String[] all = new String[extra.length + always.length];
        System.arraycopy(always, 0, all, 0, always.length);
        System.arraycopy(extra, 0, all, always.length, extra.length);
        return all;
    }
}
