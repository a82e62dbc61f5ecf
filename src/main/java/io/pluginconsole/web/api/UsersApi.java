package io.pluginconsole.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.AuthException;
import io.pluginconsole.auth.AuthService;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.auth.Session;
import io.pluginconsole.auth.User;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.Cookies;
import io.pluginconsole.web.Json;
import io.pluginconsole.web.WebError;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sign-in, the current user and personal access tokens, as Mattermost's API v4 has them. */
public final class UsersApi {
    private final AuthService auth;
    private final ApiGuard guard;
    private final ConfigStore config;
    private final Audit audit;

    UsersApi(AuthService auth, ApiGuard guard, ConfigStore config, Audit audit) {
        this.auth = auth;
        this.guard = guard;
        this.config = config;
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v4/users/login", this::login);
        routes.post("/api/v4/users/logout", this::logout);
        routes.get("/api/v4/users/me", ctx -> Json.send(ctx, 200, userJson(guard.session(ctx).user())));
        routes.post("/api/v4/users/{user_id}/tokens", this::createToken);
        routes.get("/api/v4/users/{user_id}/tokens", this::listTokens);
        routes.post("/api/v4/users/tokens/revoke", this::revokeToken);
    }

    private void login(Context ctx) {
        Map<String, String> body = stringMap(ctx);
        String loginId = body.getOrDefault("login_id", body.get("id"));
        try {
            Session session = auth.login(loginId, body.get("password"), ctx.ip());
            User user = auth.user(session.userId()).orElseThrow();
            audit.recordAnonymous(ctx, "login", user.username(), true, "");
            ctx.header("Token", session.token());
            if ("XMLHttpRequest".equals(ctx.header("X-Requested-With"))) {
                Cookies.setSession(ctx, session, config.current());
            }
            Json.send(ctx, 200, userJson(user));
        } catch (AuthException e) {
            audit.recordAnonymous(ctx, "login", loginId, false, e.id());
            throw e;
        }
    }

    private void logout(Context ctx) {
        try {
            Principal principal = guard.session(ctx);
            auth.logout(principal);
            audit.record(ctx, "logout", null, null, true, "");
        } catch (WebError notSignedIn) {
            // signing out without a (valid) session only clears the cookies
        }
        Cookies.clearSession(ctx);
        Json.send(ctx, 200, Json.STATUS_OK);
    }

    private void createToken(Context ctx) {
        Principal principal = guard.session(ctx);
        String userId = target(ctx, principal);
        if (!config.current().serviceSettings().enableUserAccessTokens()) {
            throw new WebError(501, "app.user_access_token.disabled",
                    "Personal access tokens are disabled on this server. Set ServiceSettings.EnableUserAccessTokens "
                            + "to true to use them.");
        }
        String description = stringMap(ctx).getOrDefault("description", "");
        AuthService.NewAccessToken token = auth.createAccessToken(userId, description);
        audit.record(ctx, "createUserAccessToken", null, null, true, token.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", token.id());
        out.put("token", token.token());
        out.put("user_id", token.userId());
        out.put("description", token.description());
        out.put("is_active", true);
        Json.send(ctx, 200, out);
    }

    private void listTokens(Context ctx) {
        Principal principal = guard.session(ctx);
        String userId = target(ctx, principal);
        List<Object> tokens = auth.accessTokens(userId).stream().map(t -> (Object) Map.of("id", t.id(),
                "user_id", t.userId(), "description", t.description(), "is_active", t.active())).toList();
        Json.send(ctx, 200, tokens);
    }

    private void revokeToken(Context ctx) {
        Principal principal = guard.session(ctx);
        ApiGuard.admin(principal);
        String id = stringMap(ctx).get("token_id");
        if (id == null || !auth.revokeAccessToken(id)) {
            throw new WebError(404, "app.user_access_token.get_by_token.app_error", "No such access token.");
        }
        audit.record(ctx, "revokeUserAccessToken", null, null, true, id);
        Json.send(ctx, 200, Json.STATUS_OK);
    }

    /** Users manage their own tokens; administrators anyone's. */
    private static String target(Context ctx, Principal principal) {
        String userId = ctx.pathParam("user_id");
        if (userId.equals("me")) {
            return principal.user().id();
        }
        if (!userId.equals(principal.user().id()) && !principal.isSystemAdmin()) {
            throw WebError.forbidden();
        }
        return userId;
    }

    static Map<String, String> stringMap(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.bodyAsBytes());
            Map<String, String> out = new LinkedHashMap<>();
            if (body != null && body.isObject()) {
                body.properties().forEach(f -> out.put(f.getKey(), f.getValue().isValueNode()
                        ? f.getValue().asText() : f.getValue().toString()));
            }
            return out;
        } catch (IOException e) {
            throw new WebError(400, "api.context.invalid_body_param.app_error",
                    "The request body must be a JSON object.");
        }
    }

    public static Map<String, Object> userJson(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", user.id());
        out.put("create_at", user.createAt());
        out.put("update_at", user.updateAt());
        out.put("delete_at", 0);
        out.put("username", user.username());
        out.put("auth_data", "");
        out.put("auth_service", "");
        out.put("email", user.email());
        out.put("email_verified", true);
        out.put("nickname", "");
        out.put("first_name", "");
        out.put("last_name", "");
        out.put("position", "");
        out.put("roles", user.roles());
        out.put("locale", "en");
        return out;
    }
}
