package io.pluginconsole.web;

import io.javalin.Javalin;
import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.config.ListenAddress;
import io.pluginconsole.plugins.bundle.ServerVersion;
import java.util.Map;

/** The HTTP server: route table and the headers every response carries. */
public final class WebServer {
    private final Javalin app;

    public WebServer(PluginConsole console) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> {
                ctx.header("X-Version-Id", ServerVersion.COMPATIBLE + ".0.0.false");
                ctx.header("X-Content-Type-Options", "nosniff");
            });
            config.routes.get("/api/v4/system/ping", ctx -> {
                ctx.contentType("application/json");
                ctx.result(io.pluginconsole.config.ConfigJson.mapper().writeValueAsString(Map.of("status", "OK")));
            });
        });
    }

    public WebServer start(ListenAddress address) {
        app.start(address.host(), address.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
