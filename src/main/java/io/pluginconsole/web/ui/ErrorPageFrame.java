package io.pluginconsole.web.ui;

import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.web.RequestAuth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console frame around the error page: a signed-in administrator gets the sidebar (with the
 * plugins' entries) and can go on from there; anyone else gets a bare page that names nothing
 * installed.
 */
public final class ErrorPageFrame {
    /** Who is signed in, for the sidebar's sign-out form. */
    public record Frame(String username, String csrf) {
    }

    private final RequestAuth auth;
    private final ConsoleChrome chrome;

    public ErrorPageFrame(PluginService plugins, ConfigStore config, RequestAuth auth) {
        this.auth = auth;
        this.chrome = new ConsoleChrome(plugins, config);
    }

    /** Extra model for the error page: "frame" and "chrome" when an administrator is signed in. */
    public Map<String, Object> model(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        Optional<Principal> admin;
        try {
            admin = auth.resolve(ctx).filter(p -> p.session() != null && p.isSystemAdmin());
        } catch (RuntimeException e) {
            admin = Optional.empty(); // an error page must render whatever the credentials say
        }
        admin.ifPresent(p -> {
            model.put("frame", new Frame(p.user().username(), p.session().csrfToken()));
            model.put("chrome", chrome.view(""));
        });
        return model;
    }
}
