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
 * The settings in {@link #LOCKED} can only be changed on the server's host (config.json, the
 * environment, 'plugin keys add|delete'): PUT keeps the stored values silently, patch refuses a
 * change with 403, as Mattermost does for EnableUploads and its folder settings.
 */
final class ConfigApi {
    static final String MASK = "********************************";
    private static final Set<String> SECRETS = Set.of("AmazonS3SecretAccessKey", "DataSource");
    /**
     * Settings only the server's host may change: uploads, trusted keys, and every folder, file
     * and database address, since pointing one elsewhere (e.g. ClientDirectory at ".") could publish
     * the configuration, the database or the logs.
     */
    private static final Map<String, Set<String>> LOCKED = Map.of(
            "PluginSettings", Set.of("EnableUploads", "SignaturePublicKeyFiles", "Directory", "ClientDirectory",
                    "TrustedCACertificatesFile"),
            "ServiceSettings", Set.of("DataDirectory"),
            "FileSettings", Set.of("Directory"),
            "LogSettings", Set.of("FileLocation"),
            "SqlSettings", Set.of("DataSource"));
    private static final Set<String> PER_PLUGIN = Set.of("Plugins", "PluginStates");

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
        if (patch) {
            refuseLockedChanges(ctx, incoming);
        }
        try {
            config.update(stored -> apply(stored, incoming));
        } catch (ConfigException e) {
            throw new WebError(400, "model.config.is_valid.app_error", e.getMessage());
        }
        audit.record(ctx, patch ? "patchConfig" : "updateConfig", null, null, true, "");
        Json.send(ctx, 200, effective());
    }

    /** A patch that changes a locked setting is refused as a whole (403), naming the setting. */
    private void refuseLockedChanges(Context ctx, ObjectNode incoming) {
        ObjectNode now = ConfigJson.mapper().valueToTree(config.current());
        LOCKED.forEach((section, keys) -> {
            for (String key : keys) {
                JsonNode sent = incoming.path(section).path(key);
                JsonNode kept = now.path(section).path(key);
                if (sent.isMissingNode() || same(sent, kept) || isMask(sent) || unchangedList(sent, kept)) {
                    continue;
                }
                audit.record(ctx, "patchConfig", null, null, false, section + "." + key);
                throw new WebError(403, "api.config.update_config.not_allowed_security.app_error",
                        "Changing " + section + "." + key + " is not allowed due to security reasons. "
                                + howToChange(section, key));
            }
        });
    }

    private static String howToChange(String section, String key) {
        if (key.equals("SignaturePublicKeyFiles")) {
            return "Trusted keys are managed on the server's host with 'plugin-console plugin keys add|delete'.";
        }
        String variable = io.pluginconsole.config.EnvOverrides.variableName(section, key);
        return key.equals("EnableUploads")
                ? "Set it in config.json or with " + variable + "."
                : "Set it in config.json or with " + variable + " on the server's host, then restart.";
    }

    // An absent list and an empty one are the same setting.
    private static boolean unchangedList(JsonNode sent, JsonNode kept) {
        return sent.isArray() && sent.isEmpty() && (kept.isNull() || kept.isMissingNode());
    }

    /** Equal JSON, with 5 and 5.0 (or an int and a long) counting as the same number. */
    private static boolean same(JsonNode a, JsonNode b) {
        return b != null && a.equals(NUMBERS_BY_VALUE, b);
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    private static boolean isMask(JsonNode value) {
        return value.isTextual() && MASK.equals(value.asText());
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

    /**
     * Turns the request into a delta over what is stored now: a setting changes only when the value
     * sent differs from the stored (or default) one, so values the client merely sent back do not
     * overwrite edits made elsewhere meanwhile. Locked settings, masked secrets and settings set by
     * an environment variable are never written.
     */
    private void apply(ObjectNode stored, ObjectNode incoming) {
        ObjectNode baseline = ConfigJson.merge(ConfigJson.defaultsTree(), stored);
        for (Map.Entry<String, JsonNode> section : incoming.properties()) {
            if (!(section.getValue() instanceof ObjectNode settings)) {
                continue;
            }
            String name = section.getKey();
            JsonNode was = baseline.path(name);
            settings.properties().forEach(setting -> {
                String key = setting.getKey();
                JsonNode value = setting.getValue();
                if (LOCKED.getOrDefault(name, Set.of()).contains(key) || isMask(value)
                        || config.overridden(name, key) || same(value, was.get(key))) {
                    return;
                }
                ObjectNode target = stored.withObjectProperty(name);
                if (name.equals("PluginSettings") && PER_PLUGIN.contains(key) && value instanceof ObjectNode entries) {
                    ObjectNode kept = target.withObjectProperty(key);
                    ObjectNode sent = key.equals("Plugins") ? keepMaskedSecrets(entries, kept) : entries;
                    // One entry per plugin: a change to one plugin leaves the others as stored.
                    sent.properties().forEach(entry -> {
                        if (!same(entry.getValue(), was.path(key).get(entry.getKey()))) {
                            kept.set(entry.getKey(), entry.getValue());
                        }
                    });
                } else {
                    target.set(key, value);
                }
            });
        }
    }
}
