package io.pluginconsole.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigException;
import io.pluginconsole.config.ConfigJson;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.Json;
import io.pluginconsole.web.WebError;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * GET/PUT /api/v4/config and PUT /api/v4/config/patch for the settings this product has.
 * PluginSettings.EnableUploads and SignaturePublicKeyFiles can only be changed in config.json:
 * PUT keeps the current values silently, patch refuses a change with 403, as Mattermost does for
 * EnableUploads (trusted keys change only with 'plugin keys add|delete' on the server's host).
 */
final class ConfigApi {
    static final String MASK = "********************************";
    private static final Set<String> SECRETS = Set.of("AmazonS3SecretAccessKey", "DataSource");
    private static final Set<String> LOCKED = Set.of("EnableUploads", "SignaturePublicKeyFiles");

    private final ConfigStore config;
    private final PluginService plugins;
    private final ApiGuard guard;
    private final Audit audit;

    ConfigApi(ConfigStore config, PluginService plugins, ApiGuard guard, Audit audit) {
        this.config = config;
        this.plugins = plugins;
        this.guard = guard;
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v4/config", ctx -> {
            ApiGuard.admin(guard.session(ctx));
            Json.send(ctx, 200, effective());
        });
        routes.put("/api/v4/config", ctx -> save(ctx, false));
        routes.put("/api/v4/config/patch", ctx -> save(ctx, true));
    }

    private ObjectNode effective() {
        ObjectNode tree = ConfigJson.mapper().valueToTree(config.current());
        tree.properties().forEach(section -> {
            if (section.getValue() instanceof ObjectNode settings) {
                for (String secret : SECRETS) {
                    if (settings.hasNonNull(secret) && !settings.get(secret).asText().isEmpty()) {
                        settings.put(secret, MASK);
                    }
                }
            }
        });
        // Plugin settings marked secret in their manifest are masked too, as Mattermost does.
        if (tree.at("/PluginSettings/Plugins") instanceof ObjectNode pluginValues) {
            plugins.secretSettingKeys().forEach((id, keys) -> {
                if (pluginValues.get(id) instanceof ObjectNode values) {
                    for (String key : keys) {
                        if (values.hasNonNull(key) && !values.get(key).asText().isEmpty()) {
                            values.put(key, MASK);
                        }
                    }
                }
            });
        }
        return tree;
    }

    private void save(Context ctx, boolean patch) {
        Principal principal = guard.session(ctx);
        ApiGuard.admin(principal);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new WebError(400, "api.config.update_config.invalid_body.app_error", "The body must be a JSON config.");
        }
        if (!(body instanceof ObjectNode incoming)) {
            throw new WebError(400, "api.config.update_config.invalid_body.app_error", "The body must be a JSON config.");
        }
        JsonNode uploads = incoming.at("/PluginSettings/EnableUploads");
        if (patch && !uploads.isMissingNode()
                && uploads.asBoolean() != config.current().pluginSettings().enableUploads()) {
            audit.record(ctx, "patchConfig", null, null, false, "EnableUploads");
            throw new WebError(403, "api.config.update_config.not_allowed_security.app_error",
                    "Changing PluginSettings.EnableUploads is not allowed due to security reasons. "
                            + "Set it in config.json or with MM_PLUGINSETTINGS_ENABLEUPLOADS.");
        }
        JsonNode keys = incoming.at("/PluginSettings/SignaturePublicKeyFiles");
        if (patch && !keys.isMissingNode() && !keys.equals(Json.MAPPER.valueToTree(
                java.util.Objects.requireNonNullElse(config.current().pluginSettings().signaturePublicKeyFiles(),
                        java.util.List.of())))) {
            audit.record(ctx, "patchConfig", null, null, false, "SignaturePublicKeyFiles");
            throw new WebError(403, "api.config.update_config.not_allowed_security.app_error",
                    "Changing PluginSettings.SignaturePublicKeyFiles is not allowed due to security reasons. "
                            + "Trusted keys are managed on the server's host with 'plugin-console plugin keys add|delete'.");
        }
        try {
            config.update(stored -> apply(stored, incoming));
        } catch (ConfigException e) {
            throw new WebError(400, "model.config.is_valid.app_error", e.getMessage());
        }
        audit.record(ctx, patch ? "patchConfig" : "updateConfig", null, null, true, "");
        Json.send(ctx, 200, effective());
    }

    /** Plugin settings sent back masked keep their stored value; a masked value with none stored is dropped. */
    private static ObjectNode keepMaskedSecrets(ObjectNode incoming, JsonNode stored) {
        ObjectNode result = incoming.deepCopy();
        result.properties().forEach(plugin -> {
            if (plugin.getValue() instanceof ObjectNode values) {
                for (String key : java.util.List.copyOf(values.propertyStream().map(Map.Entry::getKey).toList())) {
                    if (MASK.equals(values.get(key).asText())) {
                        JsonNode kept = stored == null ? null : stored.path(plugin.getKey()).get(key);
                        if (kept == null) {
                            values.remove(key);
                        } else {
                            values.set(key, kept);
                        }
                    }
                }
            }
        });
        return result;
    }

    /** Copies the incoming sections over the stored ones, skipping locked keys and masked secrets. */
    private static void apply(ObjectNode stored, ObjectNode incoming) {
        for (Map.Entry<String, JsonNode> section : incoming.properties()) {
            if (!(section.getValue() instanceof ObjectNode settings)) {
                continue;
            }
            ObjectNode target = stored.withObjectProperty(section.getKey());
            settings.properties().forEach(setting -> {
                boolean plugin = section.getKey().equals("PluginSettings");
                boolean locked = plugin && LOCKED.contains(setting.getKey());
                boolean masked = MASK.equals(setting.getValue().asText());
                if (plugin && setting.getKey().equals("Plugins") && setting.getValue() instanceof ObjectNode values) {
                    target.set("Plugins", keepMaskedSecrets(values, target.get("Plugins")));
                } else if (!locked && !masked) {
                    target.set(setting.getKey(), setting.getValue());
                }
            });
        }
    }
}
