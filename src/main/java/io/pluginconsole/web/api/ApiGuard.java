package io.pluginconsole.web.api;

import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.WebError;
import java.util.regex.Pattern;

/** Mattermost's order of checks for plugin routes: session (401), id (404), feature gate (501), permission (403). */
final class ApiGuard {
    private static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9_\\-.]+");
    private final RequestAuth auth;
    private final ConfigStore config;

    ApiGuard(RequestAuth auth, ConfigStore config) {
        this.auth = auth;
        this.config = config;
    }

    Principal session(Context ctx) {
        Principal principal = auth.resolve(ctx).orElseThrow(() -> WebError.sessionExpired("no valid session"));
        auth.checkApiCsrf(ctx, principal);
        return principal;
    }

    /** The {plugin_id} path parameter; anything outside Mattermost's route pattern is a 404. */
    static String pluginId(Context ctx) {
        String id = ctx.pathParam("plugin_id");
        if (!ROUTE_ID.matcher(id).matches()) {
            throw WebError.notFound();
        }
        return id;
    }

    void pluginsEnabled() {
        if (!config.current().pluginSettings().enable()) {
            throw new WebError(501, "app.plugin.disabled.app_error",
                    "Plugins have been disabled. Please check your logs for details.");
        }
    }

    void uploadsEnabled(String disabledId) {
        var settings = config.current().pluginSettings();
        if (!settings.enable() || !settings.enableUploads() || settings.requirePluginSignature()) {
            throw new WebError(501, disabledId, "Plugins and/or plugin uploads have been disabled. "
                    + (settings.enable() && settings.enableUploads()
                    ? "PluginSettings.RequirePluginSignature is on, so plugins must be signed: upload the bundle with "
                    + "its signature instead (multipart field \"signature\")."
                    : "Set PluginSettings.EnableUploads to true in config.json to allow them."));
        }
    }

    /**
     * The upload gate when the request may carry a signature: plugins and uploads must be on;
     * RequirePluginSignature is checked once the body shows whether a signature came with it.
     */
    void uploadsEnabledOrSigned(String disabledId) {
        var settings = config.current().pluginSettings();
        if (!settings.enable() || !settings.enableUploads()) {
            throw new WebError(501, disabledId, "Plugins and/or plugin uploads have been disabled. "
                    + "Set PluginSettings.EnableUploads to true in config.json to allow them.");
        }
    }

    static void admin(Principal principal) {
        if (!principal.isSystemAdmin()) {
            throw WebError.forbidden();
        }
    }
}
