package io.pluginconsole.plugins.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A plugin manifest (plugin.json / plugin.yml / plugin.yaml) with Mattermost's field names.
 * Unknown fields are tolerated, as Mattermost tolerates them, and reported as warnings by the
 * parser. The id is lower-cased when read.
 */

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("homepage_url") String homepageUrl,
        @JsonProperty("support_url") String supportUrl,
        @JsonProperty("release_notes_url") String releaseNotesUrl,
        @JsonProperty("icon_path") String iconPath,
        @JsonProperty("version") String version,
        @JsonProperty("min_server_version") String minServerVersion,
        @JsonProperty("server") Server server,
        @JsonProperty("backend") Server backend,
        @JsonProperty("webapp") Webapp webapp,
        @JsonProperty("settings_schema") SettingsSchema settingsSchema,
        @JsonProperty("props") Map<String, Object> props,
        @JsonProperty("required_configuration") JsonNode requiredConfiguration) {


    public record Server(
            @JsonProperty("executables") Map<String, String> executables,
            @JsonProperty("executable") String executable) {
    }


    public record Webapp(@JsonProperty("bundle_path") String bundlePath) {
    }


    public record SettingsSchema(
            @JsonProperty("header") String header,
            @JsonProperty("footer") String footer,
            @JsonProperty("settings") List<Setting> settings,
            @JsonProperty("sections") List<Section> sections) {
    }


    public record Section(
            @JsonProperty("key") String key,
            @JsonProperty("title") String title,
            @JsonProperty("subtitle") String subtitle,
            @JsonProperty("settings") List<Setting> settings,
            @JsonProperty("header") String header,
            @JsonProperty("footer") String footer,
            @JsonProperty("custom") Boolean custom,
            @JsonProperty("fallback") Boolean fallback) {
    }


    public record Setting(
            @JsonProperty("key") String key,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("type") String type,
            @JsonProperty("help_text") String helpText,
            @JsonProperty("regenerate_help_text") String regenerateHelpText,
            @JsonProperty("placeholder") String placeholder,
            @JsonProperty("default") JsonNode defaultValue,
            @JsonProperty("options") List<Option> options,
            @JsonProperty("hosting") String hosting,
            @JsonProperty("secret") Boolean secret,
            @JsonProperty("subtype") String subtype) {
    }


    public record Option(
            @JsonProperty("display_name") String displayName,
            @JsonProperty("value") String value) {
    }

    /** The server part, falling back to the pre-5.2 {@code backend} key. */
    public Server serverPart() {
        return server != null ? server : backend;
    }

    public boolean hasServer() {
        Server part = serverPart();
        return part != null && ((part.executables() != null && !part.executables().isEmpty())
                || (part.executable() != null && !part.executable().isEmpty()));
    }

    public boolean hasWebapp() {
        return webapp != null && webapp.bundlePath() != null && !webapp.bundlePath().isEmpty();
    }

    /**
     * The executable for a platform key such as "linux-amd64": the map entry, else the single
     * {@code executable}; null when the plugin has none for that platform.
     */
    public String executableFor(String platform) {
        Server part = serverPart();
        if (part == null) {
            return null;
        }
        if (part.executables() != null) {
            String path = part.executables().get(platform);
            if (path != null && !path.isEmpty()) {
                return path;
            }
        }
        return part.executable() == null || part.executable().isEmpty() ? null : part.executable();
    }

    /** Whether the console page shows a Settings link (header, footer or at least one setting). */
    public boolean hasSettings() {
        if (settingsSchema == null) {
            return false;
        }
        return notEmpty(settingsSchema.header()) || notEmpty(settingsSchema.footer())
                || (settingsSchema.settings() != null && !settingsSchema.settings().isEmpty())
                || (settingsSchema.sections() != null && !settingsSchema.sections().isEmpty());
    }

    /** Keys (lower-cased, as stored) of the settings marked {@code secret}, in any section. */
    public java.util.Set<String> secretSettingKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        if (settingsSchema == null) {
            return keys;
        }
        java.util.List<Setting> all = new java.util.ArrayList<>();
        if (settingsSchema.settings() != null) {
            all.addAll(settingsSchema.settings());
        }
        if (settingsSchema.sections() != null) {
            for (Section section : settingsSchema.sections()) {
                if (section != null && section.settings() != null) {
                    all.addAll(section.settings());
                }
            }
        }
        for (Setting setting : all) {
            if (setting != null && Boolean.TRUE.equals(setting.secret()) && setting.key() != null) {
                keys.add(setting.key().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return keys;
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }

    Manifest withId(String newId) {
        return new Manifest(newId, name, description, homepageUrl, supportUrl, releaseNotesUrl, iconPath,
                version, minServerVersion, server, backend, webapp, settingsSchema, props,
                requiredConfiguration);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
