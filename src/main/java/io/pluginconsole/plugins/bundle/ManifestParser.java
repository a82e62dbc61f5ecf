package io.pluginconsole.plugins.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads plugin.yml, plugin.yaml and plugin.json the way Mattermost does (same file order, id
 * lower-cased, unknown fields tolerated) but with hardened parsers: bounded sizes and depth,
 * duplicate keys and trailing documents refused, no polymorphic typing. Parse errors give the
 * line and column.
 */
public final class ManifestParser {
    /** Mattermost's lookup order; the first file that exists wins, with no fallback on errors. */
    public static final List<String> FILE_NAMES = List.of("plugin.yml", "plugin.yaml", "plugin.json");

    private static final int MAX_BYTES = 64 * 1024;
    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxStringLength(MAX_BYTES)
            .maxNestingDepth(32)
            .maxDocumentLength(MAX_BYTES)
            .maxNumberLength(100)
            .build();

    private static final ObjectMapper JSON = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(yamlLimits())
                    .streamReadConstraints(CONSTRAINTS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ManifestParser() {
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(32);
        return options;
    }

    /**
     * Finds the manifest in {@code pluginRoot} (not below it) and parses it.
     *
     * @throws PluginException {@code app.plugin.manifest.app_error} when none exists or it is unusable
     */
    public static ParsedManifest find(Path pluginRoot) {
        for (String name : FILE_NAMES) {
            Path file = pluginRoot.resolve(name);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw manifestError(name + " must be a file", "Replace the " + name + " folder with the manifest file.");
            }
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw manifestError(name + " is larger than " + MAX_BYTES / 1024 + " KiB",
                            "A manifest describes the plugin; move large data into other files.");
                }
                return parse(Files.readAllBytes(file), name);
            } catch (IOException e) {
                throw manifestError("cannot read " + name, "Check the bundle and try again.");
            }
        }
        throw manifestError("manifest not found (plugin.json, plugin.yaml or plugin.yml)",
                "Put plugin.json at the top of the plugin folder, inside a single top-level folder.");
    }

    /** Parses manifest bytes; {@code fileName} decides between YAML and JSON. */
    public static ParsedManifest parse(byte[] content, String fileName) {
        if (content.length > MAX_BYTES) {
            throw manifestError(fileName + " is larger than " + MAX_BYTES / 1024 + " KiB",
                    "A manifest describes the plugin; move large data into other files.");
        }
        boolean yaml = !fileName.endsWith(".json");
        JsonNode tree;
        try {
            checkUtf8(content, fileName);
            tree = (yaml ? YAML : JSON).readTree(content);
        } catch (JsonProcessingException e) {
            throw manifestError(fileName + " is not valid " + (yaml ? "YAML" : "JSON") + at(e.getLocation())
                    + ": " + e.getOriginalMessage(), "Fix the syntax error and rebuild the bundle.");
        } catch (IOException e) {
            throw manifestError("cannot read " + fileName, "Check the bundle and try again.");
        }
        if (!(tree instanceof ObjectNode)) {
            throw manifestError(fileName + " must hold an object with at least an \"id\"",
                    "See the plugin starter template for the manifest layout.");
        }
        List<String> unknown = new ArrayList<>();
        Manifest manifest;
        try {
            manifest = (yaml ? YAML : JSON).readerFor(Manifest.class)
                    .withHandler(new UnknownFieldCollector(unknown))
                    .readValue(tree);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw manifestError(fileName + ": field \"" + field + "\" has the wrong type",
                    "Check the manifest against the plugin starter template.");
        } catch (JsonProcessingException e) {
            throw manifestError(fileName + " cannot be read: " + e.getOriginalMessage(),
                    "Check the manifest against the plugin starter template.");
        } catch (IOException e) {
            throw manifestError("cannot read " + fileName, "Check the bundle and try again.");
        }
        if (manifest.id() != null) {
            manifest = manifest.withId(manifest.id().toLowerCase(Locale.ROOT));
        }
        List<String> warnings = unknown.stream().map(f -> "unknown field \"" + f + "\" is ignored").toList();
        return new ParsedManifest(manifest, fileName, warnings);
    }

    private static void checkUtf8(byte[] content, String fileName) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw manifestError(fileName + " is not valid UTF-8 text", "Save the manifest as UTF-8.");
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static PluginException manifestError(String reason, String advice) {
        return new PluginException(ErrorIds.MANIFEST, PluginException.Kind.BAD_INPUT,
                "Unable to read the plugin manifest: " + reason + ". " + advice, reason, null);
    }

    /** Records unknown fields with their path instead of failing, as Go's JSON decoder ignores them. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        private final List<String> unknown;

        UnknownFieldCollector(List<String> unknown) {
            this.unknown = unknown;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            String parent = p.getParsingContext().getParent() == null ? ""
                    : p.getParsingContext().getParent().pathAsPointer().toString();
            String path = (parent.isEmpty() ? "" : parent.substring(1).replace('/', '.') + ".") + propertyName;
            unknown.add(path);
            p.skipChildren();
            return true;
        }
    }
}
