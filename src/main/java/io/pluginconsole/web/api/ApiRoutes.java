package io.pluginconsole.web.api;

import io.javalin.config.RoutesConfig;
import io.pluginconsole.auth.AuthService;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.logs.ServerLogFile;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.RequestAuth;
import java.util.function.BooleanSupplier;

/** The REST API v4 routes this product serves. */
public final class ApiRoutes {
    private final PluginsApi plugins;
    private final UsersApi users;
    private final ConfigApi config;
    private final LogsApi logs;
    private final SystemApi system;

    public ApiRoutes(PluginService plugins, AuthService auth, RequestAuth requestAuth, ConfigStore config, Audit audit,
                     ServerLogFile log, BooleanSupplier databaseWorks, BooleanSupplier fileStoreWorks) {
        this.system = new SystemApi(databaseWorks, fileStoreWorks);
        ApiGuard guard = new ApiGuard(requestAuth, config);
        this.plugins = new PluginsApi(plugins, guard, audit);
        this.users = new UsersApi(auth, guard, config, audit);
        this.config = new ConfigApi(config, plugins, guard, audit);
        this.logs = new LogsApi(log, guard);
    }

    public void register(RoutesConfig routes) {
        system.register(routes);
        users.register(routes);
        plugins.register(routes);
        config.register(routes);
        logs.register(routes);
    }
}
