package io.pluginconsole.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the server holds the embedded H2 database (H2 allows one process per file), it serves that
 * database on a loopback port so the CLI ({@code user create}) can work beside it instead of failing
 * with "file is locked". The address, with a random key that is the only database name the port
 * answers to, is written to a file readable by the server's user alone, next to the database, and
 * removed when the server stops.
 */
final class H2Share implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Share.class);
    private static final String FILE = "pluginconsole.share";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Server tcp;
    private final Path file;

    private H2Share(Server tcp, Path file) {
        this.tcp = tcp;
        this.file = file;
    }

    /** The database file (without H2's extension) in the data folder. */
    static Path base(Path dataDir) {
        return dataDir.resolve("pluginconsole").toAbsolutePath();
    }

    /**
     * Keeps every H2 port on loopback unless the operator chose an address with -Dh2.bindAddress.
     * H2 reads the property once, when it is first loaded, so this runs before any connection.
     */
    static void keepOnLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** Starts serving the open database; empty (and a warning) when that is not possible. */
    static Optional<H2Share> start(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        String key = HexFormat.of().formatHex(randomBytes());
        Server tcp = null;
        try {
            // no -tcpAllowOthers: H2 refuses connections that do not come from this machine
            tcp = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key, base(dataDir).toString())
                    .start();
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            String host = System.getProperty("h2.bindAddress", "127.0.0.1");
            String url = "jdbc:h2:tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + tcp.getPort()
                    + "/" + key;
            Files.writeString(file, url + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            return Optional.of(new H2Share(tcp, file));
        } catch (SQLException | IOException | RuntimeException e) {
            if (tcp != null) {
                tcp.stop();
            }
            LOG.warn("The embedded database cannot be shared with the command line while the server runs "
                    + "(user create will need the server stopped): {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The JDBC URL a running server wrote, if there is one. */
    static Optional<String> runningServerUrl(Path dataDir) {
        try {
            String url = Files.readString(dataDir.resolve(FILE), StandardCharsets.UTF_8).strip();
            return url.startsWith("jdbc:h2:tcp://") ? Optional.of(url) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        tcp.stop();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.getMessage());
        }
    }
}
