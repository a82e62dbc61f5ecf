package io.pluginconsole.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;

/**
 * Tells the pool which failures mean the connection itself is dead, so it is thrown away and a
 * new one opened on the next request. The pool knows the standard "08" states; H2's "database
 * has been closed" (after a write error such as a full disk) and "database is already closed"
 * carry H2's own codes and would otherwise keep every pooled connection failing until a restart.
 */
final class BrokenConnections implements SQLExceptionOverride {
    /** H2: connection broken, database closed (after an error), closed at shutdown, closing. */
    private static final Set<Integer> H2_DEAD = Set.of(90067, 90098, 90121, 90135);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException) {
                return Override.MUST_EVICT;
            }
            if (t instanceof SQLException sql && (H2_DEAD.contains(sql.getErrorCode())
                    || (sql.getSQLState() != null && sql.getSQLState().startsWith("08")))) {
                return Override.MUST_EVICT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
