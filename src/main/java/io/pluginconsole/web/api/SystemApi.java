package io.pluginconsole.web.api;

import io.javalin.config.RoutesConfig;
import io.pluginconsole.web.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /api/v4/system/ping: answers without a session, as Mattermost's does. */
final class SystemApi {
    void register(RoutesConfig routes) {
        routes.get("/api/v4/system/ping", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "OK");
            body.put("ActiveSearchBackend", "database");
            Json.send(ctx, 200, body);
        });
    }
}
