package io.pluginconsole.web.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.web.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * GET /api/v4/system/ping: answers without a session, as Mattermost's does. With
 * {@code get_server_status=true} it also checks the database and the file store and reports
 * each as "OK" or "UNHEALTHY" (body and headers); a failed check makes the status UNHEALTHY and
 * the answer 500, unless {@code use_rest_semantics=true}.
 */
final class SystemApi {
    static final String OK = "OK";
    static final String UNHEALTHY = "UNHEALTHY";
    private final BooleanSupplier databaseWorks;
    private final BooleanSupplier fileStoreWorks;

    SystemApi(BooleanSupplier databaseWorks, BooleanSupplier fileStoreWorks) {
        this.databaseWorks = databaseWorks;
        this.fileStoreWorks = fileStoreWorks;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v4/system/ping", this::ping);
    }

    private void ping(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", OK);
        if ("true".equals(ctx.queryParam("get_server_status"))) {
            String database = databaseWorks.getAsBoolean() ? OK : UNHEALTHY;
            String fileStore = fileStoreWorks.getAsBoolean() ? OK : UNHEALTHY;
            body.put("database_status", database);
            body.put("filestore_status", fileStore);
            if (database.equals(UNHEALTHY) || fileStore.equals(UNHEALTHY)) {
                body.put("status", UNHEALTHY);
            }
            ctx.header("status", (String) body.get("status"));
            ctx.header("database_status", database);
            ctx.header("filestore_status", fileStore);
        }
        body.put("ActiveSearchBackend", "database");
        boolean healthy = body.get("status").equals(OK);
        Json.send(ctx, healthy || "true".equals(ctx.queryParam("use_rest_semantics")) ? 200 : 500, body);
    }
}
