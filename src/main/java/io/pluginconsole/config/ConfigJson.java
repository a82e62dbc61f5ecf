package io.pluginconsole.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns config trees into {@link Config} and back. Types are strict (a string where a boolean
 * belongs is an error, as in Mattermost), and every error names the key and the value.
 */
public final class ConfigJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ConfigJson() {
    }

    /** The effective configuration of stored settings: over the defaults, then environment overrides, validated. */
    public static Config evaluate(ObjectNode stored, EnvOverrides env, String location) {
        ObjectNode effective = env.apply(merge(defaultsTree(), stored));
        Config config = toConfig(effective, location);
        ConfigValidator.validate(config, location);
        return config;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode defaultsTree() {
        return MAPPER.valueToTree(Config.defaults());
    }

    /** Overlays {@code top} onto {@code base} (objects merged key by key, everything else replaced). */
    public static ObjectNode merge(ObjectNode base, JsonNode top) {
        ObjectNode result = base.deepCopy();
        for (Map.Entry<String, JsonNode> field : top.properties()) {
            JsonNode existing = result.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode
                    && !isFreeFormMap(field.getKey())) {
                result.set(field.getKey(), merge(existingObject, field.getValue()));
            } else {
                result.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return result;
    }

    // Per-plugin maps are replaced as a whole, so a stored map is exactly what the file says.
    private static boolean isFreeFormMap(String key) {
        return key.equals("Plugins") || key.equals("PluginStates");
    }

    public static Config toConfig(JsonNode tree, String source) {
        try {
            return MAPPER.treeToValue(tree, Config.class);
        } catch (MismatchedInputException e) {
            String key = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            JsonNode value = key.isEmpty() ? tree : tree.at("/" + key.replace(".", "/").replace("[", "/").replace("]", ""));
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            throw new ConfigException(source + ": " + key + " has the value " + value
                    + ", which is not " + expected + ". Fix the value or remove the key to use the default.");
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "of type " + type.getSimpleName();
    }
}
