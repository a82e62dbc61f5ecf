package io.pluginconsole.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Mattermost-style overrides: {@code MM_<SECTION>_<KEY>}, upper case, e.g.
 * {@code MM_PLUGINSETTINGS_ENABLEUPLOADS=true}. Overrides are applied on top of the stored
 * settings and never written back.
 */
public final class EnvOverrides {
    private final Map<String, String> env;

    public EnvOverrides(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static EnvOverrides fromSystem() {
        return new EnvOverrides(System.getenv());
    }

    public static EnvOverrides none() {
        return new EnvOverrides(Map.of());
    }

    /** Returns a copy of {@code tree} with every matching variable applied. */
    public ObjectNode apply(ObjectNode tree) {
        ObjectNode result = tree.deepCopy();
        for (Map.Entry<String, JsonNode> section : result.properties()) {
            if (!(section.getValue() instanceof ObjectNode settings)) {
                continue;
            }
            Iterator<String> keys = settings.fieldNames();
            java.util.List<String> names = new java.util.ArrayList<>();
            keys.forEachRemaining(names::add);
            for (String key : names) {
                String variable = variableName(section.getKey(), key);
                String raw = env.get(variable);
                if (raw != null) {
                    settings.set(key, parse(variable, raw, settings.get(key)));
                }
            }
        }
        return result;
    }

    /** True when the variable for this setting is set, so the console can show it as locked. */
    public boolean overrides(String section, String key) {
        return env.containsKey(variableName(section, key));
    }

    public static String variableName(String section, String key) {
        return "MM_" + section.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
    }

    private static JsonNode parse(String variable, String raw, JsonNode current) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String value = raw.trim();
        if (current == null || current.isTextual() || current.isNull()) {
            return nodes.textNode(raw);
        }
        if (current.isBoolean()) {
            if (value.equalsIgnoreCase("true") || value.equals("1")) {
                return nodes.booleanNode(true);
            }
            if (value.equalsIgnoreCase("false") || value.equals("0")) {
                return nodes.booleanNode(false);
            }
            throw new ConfigException("Environment variable " + variable + " has the value \"" + raw
                    + "\", which is not a boolean. Set it to true or false.");
        }
        if (current.isIntegralNumber()) {
            try {
                return nodes.numberNode(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new ConfigException("Environment variable " + variable + " has the value \"" + raw
                        + "\", which is not a whole number.");
            }
        }
        try {
            // Lists and maps are given as JSON, as Mattermost accepts them.
            return ConfigJson.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new ConfigException("Environment variable " + variable + " has the value \"" + raw
                    + "\", which is not valid JSON for this setting.");
        }
    }
}
