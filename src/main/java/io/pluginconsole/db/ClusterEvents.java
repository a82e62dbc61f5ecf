package io.pluginconsole.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's {@code plugin_console} channel on a dedicated connection and calls
 * {@code onEvent} for every announcement from another node. A lost connection is reopened after
 * a second, and {@code onEvent} runs then too, since announcements may have been missed.
 */
public final class ClusterEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

    private final DataSource dataSource;
    private final String nodeId;
    private final Runnable onEvent;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    public ClusterEvents(DataSource dataSource, String nodeId, Runnable onEvent) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.onEvent = onEvent;
        this.thread = new Thread(this::run, "cluster-events");
        this.thread.setDaemon(true);
    }

    public ClusterEvents start() {
        thread.start();
        return this;
    }

    private void run() {
        boolean reconnect = false;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                c.setAutoCommit(true);
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + ClusterRepository.CHANNEL);
                }
                if (reconnect) {
                    LOG.info("Listening for cluster events again");
                    onEvent.run();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    boolean fromOthers = false;
                    for (PGNotification n : notifications) {
                        if (n.getParameter() == null || !n.getParameter().startsWith(nodeId + ":")) {
                            fromOthers = true;
                        }
                    }
                    if (fromOthers) {
                        onEvent.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Cluster events are not received ({}); retrying in a second, the timer keeps the node in sync",
                        e.getMessage());
                reconnect = true;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
