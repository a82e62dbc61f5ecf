package io.pluginconsole.web;

import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.db.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one audit record per change or sign-in attempt, with who, from where and how it ended. */
public final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    private final AuditLog log;

    public Audit(AuditLog log) {
        this.log = log;
    }

    public void record(Context ctx, String action, String pluginId, String sha256, boolean success, String detail) {
        Principal principal = RequestAuth.current(ctx).orElse(null);
        try {
            log.record(new AuditLog.Entry(System.currentTimeMillis(),
                    principal == null ? null : principal.user().id(),
                    principal == null ? null : principal.user().username(), action, pluginId, sha256,
                    success ? "success" : "failure", detail, ctx.ip()));
        } catch (RuntimeException e) {
            // An audit failure is logged loudly but does not undo what was done.
            LOG.error("Could not write the audit record for {} {}: {}", action, pluginId, e.getMessage());
        }
    }

    public void recordAnonymous(Context ctx, String action, String username, boolean success, String detail) {
        try {
            log.record(new AuditLog.Entry(System.currentTimeMillis(), null, username, action, null, null,
                    success ? "success" : "failure", detail, ctx.ip()));
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit record for {}: {}", action, e.getMessage());
        }
    }
}
