package io.pluginconsole.plugins.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pluginconsole.plugins.bundle.Manifest;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's settings page as Mattermost builds it from the manifest's {@code settings_schema}:
 * the fields (in sections), their current values from {@code PluginSettings.Plugins[<id>]} (keys
 * lower-cased, as Mattermost stores them) or their defaults, and the validation of a submitted
 * form into typed JSON values (numbers as numbers, booleans as booleans).
 *
 * <p>Secret settings never give their stored value back: {@link #values} shows them empty, and
 * submitting them empty (or as {@link #SECRET_MASK}) keeps what is stored.
 */
public final class SettingsForm {
    /** What a secret setting that has a value shows instead of it. */
    public static final String SECRET_MASK = "********";
    /** Mattermost's text for a custom setting no webapp component draws. */
    public static final String CUSTOM_FALLBACK = "In order to view this setting, enable the plugin and click Save.";
    static final int MAX_TEXT = 4096;
    static final int MAX_LONGTEXT = 65_536;
    static final int MAX_USERNAME = 128;
    static final int MAX_GENERATED = 256;
    static final int MAX_NUMBER = 40;
    static final int GENERATED_LENGTH = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Mattermost's setting types, plus UNKNOWN for anything else (shown, never edited). */
    public enum Kind {
        BOOL, DROPDOWN, RADIO, TEXT, LONGTEXT, NUMBER, GENERATED, USERNAME, CUSTOM, UNKNOWN;

        static Kind of(String type) {
            if (type == null) {
                return UNKNOWN;
            }
            return switch (type) {
                case "bool" -> BOOL;
                case "dropdown" -> DROPDOWN;
                case "radio" -> RADIO;
                case "text" -> TEXT;
                case "longtext" -> LONGTEXT;
                case "number" -> NUMBER;
                case "generated" -> GENERATED;
                case "username" -> USERNAME;
                case "custom" -> CUSTOM;
                default -> UNKNOWN;
            };
        }
    }

    /** One choice of a dropdown or radio setting. */
    public record Option(String label, String value) {
    }

    /**
     * One setting. {@code storeKey} is the key lower-cased, as stored in the configuration and
     * used for the form field; {@code type} is the manifest's type text (for unknown types).
     */
    public record Field(String key, String storeKey, Kind kind, String type, String label, String helpText,
                        String regenerateHelpText, String placeholder, String subtype, List<Option> options,
                        boolean secret, JsonNode defaultValue) {
        /** Whether the form edits this field (unknown types and key-less settings are only shown). */
        public boolean editable() {
            return kind != Kind.UNKNOWN && !storeKey.isEmpty();
        }
    }

    /**
     * A group of settings. The manifest's top-level settings form an untitled section; a
     * {@code custom} section is drawn by the plugin's webapp when it registers one, and otherwise
     * shows its settings only when {@code fallback} is set.
     */
    public record Section(String key, String title, String subtitle, String header, String footer, boolean custom,
                          boolean fallback, List<Field> fields) {
    }

    /**
     * What the form shows: the text of every field (booleans as "true"/"false", custom values as
     * JSON), never a stored secret; {@code storedSecrets} names the secret fields that have a value.
     */
    public record Values(Map<String, String> text, Set<String> storedSecrets) {
        public String of(String storeKey) {
            return text.getOrDefault(storeKey, "");
        }
    }

    /**
     * The outcome of a submitted form: typed values to store, keys to remove (an emptied number or
     * a cleared secret), errors by field, and what to show if the form is shown again.
     */
    public record Submission(Map<String, Object> updates, Set<String> removals, Map<String, String> errors,
                             Values echo) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final String header;
    private final String footer;
    private final List<Section> sections;

    private SettingsForm(String header, String footer, List<Section> sections) {
        this.header = header;
        this.footer = footer;
        this.sections = sections;
    }

    /**
     * Builds the form. When the schema has sections (newer manifests) they come first; top-level
     * settings whose key no section has follow in an untitled section (older servers read only
     * the top-level list, so plugins such as Calls list every setting twice). A key that appears
     * twice is shown once, and is secret if any of its copies says so.
     */
    public static SettingsForm of(Manifest.SettingsSchema schema) {
        if (schema == null) {
            return new SettingsForm("", "", List.of());
        }
        Set<String> secretKeys = new HashSet<>();
        collectSecrets(schema.settings(), secretKeys);
        if (schema.sections() != null) {
            for (Manifest.Section section : schema.sections()) {
                if (section != null) {
                    collectSecrets(section.settings(), secretKeys);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        List<Section> sections = new ArrayList<>();
        if (schema.sections() != null) {
            for (Manifest.Section section : schema.sections()) {
                if (section == null) {
                    continue;
                }
                sections.add(new Section(text(section.key()), text(section.title()), text(section.subtitle()),
                        text(section.header()), text(section.footer()), Boolean.TRUE.equals(section.custom()),
                        Boolean.TRUE.equals(section.fallback()), fields(section.settings(), seen, secretKeys)));
            }
        }
        List<Field> rest = fields(schema.settings(), seen, secretKeys);
        if (!rest.isEmpty()) {
            sections.add(new Section("", "", "", "", "", false, false, rest));
        }
        return new SettingsForm(text(schema.header()), text(schema.footer()), List.copyOf(sections));
    }

    private static void collectSecrets(List<Manifest.Setting> settings, Set<String> into) {
        if (settings == null) {
            return;
        }
        for (Manifest.Setting s : settings) {
            if (s != null && Boolean.TRUE.equals(s.secret())) {
                into.add(storeKey(s.key()));
            }
        }
    }

    private static List<Field> fields(List<Manifest.Setting> settings, Set<String> seen, Set<String> secretKeys) {
        List<Field> out = new ArrayList<>();
        if (settings == null) {
            return out;
        }
        for (Manifest.Setting s : settings) {
            if (s == null) {
                continue;
            }
            String storeKey = storeKey(s.key());
            // Settings the self-hosted server does not show, as Mattermost hides them off Cloud.
            if ("cloud".equalsIgnoreCase(text(s.hosting()))) {
                continue;
            }
            if (!storeKey.isEmpty() && !seen.add(storeKey)) {
                continue;
            }
            List<Option> options = new ArrayList<>();
            if (s.options() != null) {
                for (Manifest.Option o : s.options()) {
                    if (o != null) {
                        options.add(new Option(text(o.displayName()), text(o.value())));
                    }
                }
            }
            Kind kind = Kind.of(s.type());
            // A choice setting's values are listed in the manifest, so only free values are kept secret.
            boolean secret = secretKeys.contains(storeKey) && !storeKey.isEmpty()
                    && kind != Kind.BOOL && kind != Kind.DROPDOWN && kind != Kind.RADIO;
            out.add(new Field(text(s.key()), storeKey, kind, text(s.type()), text(s.displayName()),
                    text(s.helpText()), text(s.regenerateHelpText()), text(s.placeholder()), text(s.subtype()),
                    List.copyOf(options), secret, s.defaultValue()));
        }
        return out;
    }

    /** Mattermost stores plugin setting keys lower-cased. */
    public static String storeKey(String key) {
        return key == null ? "" : key.toLowerCase(Locale.ROOT);
    }

    public String header() {
        return header;
    }

    public String footer() {
        return footer;
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Field> fields() {
        List<Field> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.fields()));
        return all;
    }

    /** Whether there is nothing to show (no header, footer or setting). */
    public boolean isEmpty() {
        return header.isEmpty() && footer.isEmpty() && sections.stream().allMatch(s -> s.fields().isEmpty()
                && !s.custom());
    }

    /** The stored value of a setting: the lower-cased key, else the same key in another case. */
    public static Object stored(Map<String, Object> stored, String storeKey) {
        if (stored == null || storeKey.isEmpty()) {
            return null;
        }
        if (stored.containsKey(storeKey)) {
            return stored.get(storeKey);
        }
        for (Map.Entry<String, Object> e : stored.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(storeKey)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** What the form shows for the stored settings of the plugin (may be null). */
    public Values values(Map<String, Object> stored) {
        Map<String, String> text = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Field f : fields()) {
            if (!f.editable()) {
                continue;
            }
            Object value = stored(stored, f.storeKey());
            if (f.secret()) {
                if (value != null && !display(f, value).isEmpty()) {
                    secrets.add(f.storeKey());
                }
                text.put(f.storeKey(), "");
                continue;
            }
            text.put(f.storeKey(), display(f, value != null ? value : defaultOf(f)));
        }
        return new Values(text, secrets);
    }

    /**
     * The current typed values of the settings that are not secret (stored, else default), for
     * the plugin's own webapp code on its settings page.
     */
    public Map<String, Object> publicValues(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields()) {
            if (!f.editable() || f.secret()) {
                continue;
            }
            Object value = stored(stored, f.storeKey());
            out.put(f.storeKey(), value != null ? value : defaultOf(f));
        }
        return out;
    }

    /**
     * The settings a plugin's server part receives: every stored value, over the schema's
     * defaults for the settings that have none stored, so a plugin sees the values its settings
     * page shows without the administrator saving first.
     */
    public static Map<String, Object> effective(Manifest manifest, Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (manifest != null) {
            for (Field f : of(manifest.settingsSchema()).fields()) {
                Object fallback = defaultOf(f);
                if (!f.storeKey().isEmpty() && fallback != null && stored(stored, f.storeKey()) == null) {
                    out.put(f.storeKey(), fallback);
                }
            }
        }
        if (stored != null) {
            out.putAll(stored);
        }
        return out;
    }

    /**
     * Validates a submitted form. {@code input} maps store keys to the submitted text; a field
     * that was not submitted keeps its stored value. {@code clear} names secret fields to empty.
     */
    public Submission submit(Map<String, String> input, Set<String> clear, Map<String, Object> stored) {
        Map<String, Object> updates = new LinkedHashMap<>();
        Set<String> removals = new LinkedHashSet<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Values current = values(stored);
        Map<String, String> echo = new LinkedHashMap<>(current.text());
        Set<String> storedSecrets = new LinkedHashSet<>(current.storedSecrets());
        for (Field f : fields()) {
            if (!f.editable()) {
                continue;
            }
            String key = f.storeKey();
            String in = input.get(key);
            if (f.secret()) {
                if (clear.contains(key)) {
                    removals.add(key);
                    storedSecrets.remove(key);
                    continue;
                }
                if (in == null || in.isEmpty() || in.equals(SECRET_MASK)) {
                    continue;
                }
            }
            if (in == null) {
                continue;
            }
            if (!f.secret()) {
                echo.put(key, in);
            }
            String error = check(f, in, updates, removals);
            if (error != null) {
                errors.put(key, error);
            }
        }
        return new Submission(updates, removals, errors, new Values(echo, storedSecrets));
    }

    /** Checks one submitted value and records its typed form; returns an error text or null. */
    private static String check(Field f, String in, Map<String, Object> updates, Set<String> removals) {
        String key = f.storeKey();
        switch (f.kind()) {
            case BOOL -> {
                if (in.equals("true") || in.equals("false")) {
                    updates.put(key, Boolean.valueOf(in));
                    return null;
                }
                return "Choose true or false.";
            }
            case DROPDOWN, RADIO -> {
                for (Option o : f.options()) {
                    if (o.value().equals(in)) {
                        updates.put(key, in);
                        return null;
                    }
                }
                return "Choose one of the listed options.";
            }
            case NUMBER -> {
                String t = in.strip();
                if (t.isEmpty()) {
                    removals.add(key);
                    return null;
                }
                Number n = t.length() > MAX_NUMBER ? null : parseNumber(t);
                if (n == null) {
                    return "Enter a number, such as 10 or 2.5.";
                }
                updates.put(key, n);
                return null;
            }
            case CUSTOM -> {
                if (in.isEmpty()) {
                    removals.add(key);
                    return null;
                }
                if (in.length() > MAX_LONGTEXT) {
                    return "The value is too long (at most " + MAX_LONGTEXT + " characters).";
                }
                try {
                    updates.put(key, JSON.readValue(in, Object.class));
                    return null;
                } catch (JsonProcessingException e) {
                    return "The plugin's component gave a value that is not JSON.";
                }
            }
            default -> {
                int max = switch (f.kind()) {
                    case LONGTEXT -> MAX_LONGTEXT;
                    case USERNAME -> MAX_USERNAME;
                    case GENERATED -> MAX_GENERATED;
                    default -> MAX_TEXT;
                };
                if (in.length() > max) {
                    return "Use at most " + max + " characters (this has " + in.length() + ").";
                }
                if (f.kind() != Kind.LONGTEXT && (in.indexOf('\n') >= 0 || in.indexOf('\r') >= 0)) {
                    return "Use a single line.";
                }
                updates.put(key, in);
                return null;
            }
        }
    }

    /** A whole number as a Long, another number as a Double; null when the text is not a number. */
    static Number parseNumber(String text) {
        if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text);
            try {
                return d.longValueExact();
            } catch (ArithmeticException notWhole) {
                double v = d.doubleValue();
                return Double.isFinite(v) ? v : null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A new random value for a generated setting: 32 letters and digits. */
    public static String generate() {
        StringBuilder b = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The default as a plain value (String, Boolean, Number, Map, List) or null. */
    public static Object defaultOf(Field f) {
        JsonNode d = f.defaultValue();
        if (d == null || d.isNull() || d.isMissingNode()) {
            return null;
        }
        try {
            return JSON.treeToValue(d, Object.class);
        } catch (JsonProcessingException e) {
            return d.asText();
        }
    }

    /** The text a field shows for a value. */
    static String display(Field f, Object value) {
        switch (f.kind()) {
            case BOOL -> {
                if (value instanceof Boolean b) {
                    return b.toString();
                }
                return value != null && value.toString().strip().equalsIgnoreCase("true") ? "true" : "false";
            }
            case CUSTOM -> {
                if (value == null) {
                    return "";
                }
                try {
                    return JSON.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    return "";
                }
            }
            default -> {
                if (value == null) {
                    return "";
                }
                if (value instanceof String s) {
                    return s;
                }
                if (value instanceof Number || value instanceof Boolean) {
                    return value.toString();
                }
                try {
                    return JSON.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    return value.toString();
                }
            }
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
