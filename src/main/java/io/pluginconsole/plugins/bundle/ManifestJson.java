package io.pluginconsole.plugins.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest in the JSON shape Mattermost's API emits (its Go field tags): id, name and version
 * always present; optional strings and sections omitted when empty; server.executable and
 * webapp.bundle_path always present inside their sections.
 */
public final class ManifestJson {
    private ManifestJson() {
    }

    public static Map<String, Object> of(Manifest m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("name", text(m.name()));
        putIfText(out, "description", m.description());
        putIfText(out, "homepage_url", m.homepageUrl());
        putIfText(out, "support_url", m.supportUrl());
        putIfText(out, "release_notes_url", m.releaseNotesUrl());
        putIfText(out, "icon_path", m.iconPath());
        out.put("version", text(m.version()));
        putIfText(out, "min_server_version", m.minServerVersion());
        Manifest.Server server = m.serverPart();
        if (server != null && m.hasServer()) {
            Map<String, Object> s = new LinkedHashMap<>();
            if (server.executables() != null && !server.executables().isEmpty()) {
                s.put("executables", server.executables());
            }
            s.put("executable", text(server.executable()));
            out.put("server", s);
        }
        if (m.webapp() != null) {
            out.put("webapp", Map.of("bundle_path", text(m.webapp().bundlePath())));
        }
        if (m.settingsSchema() != null) {
            out.put("settings_schema", schema(m.settingsSchema()));
        }
        if (m.props() != null && !m.props().isEmpty()) {
            out.put("props", m.props());
        }
        return out;
    }

    /** Mattermost's client manifest: name and description emptied, no server part or settings. */
    public static Map<String, Object> client(Manifest m, String bundleUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("name", text(m.name()));
        out.put("version", text(m.version()));
        putIfText(out, "min_server_version", m.minServerVersion());
        out.put("webapp", Map.of("bundle_path", bundleUrl));
        return out;
    }

    private static Map<String, Object> schema(Manifest.SettingsSchema schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("header", text(schema.header()));
        out.put("footer", text(schema.footer()));
        out.put("settings", schema.settings() == null ? null : settings(schema.settings()));
        if (schema.sections() != null) {
            List<Object> sections = new ArrayList<>();
            for (Manifest.Section section : schema.sections()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("key", text(section.key()));
                s.put("title", text(section.title()));
                s.put("subtitle", text(section.subtitle()));
                s.put("settings", section.settings() == null ? null : settings(section.settings()));
                s.put("header", text(section.header()));
                s.put("footer", text(section.footer()));
                s.put("custom", Boolean.TRUE.equals(section.custom()));
                s.put("fallback", Boolean.TRUE.equals(section.fallback()));
                sections.add(s);
            }
            out.put("sections", sections);
        }
        return out;
    }

    private static List<Object> settings(List<Manifest.Setting> settings) {
        List<Object> out = new ArrayList<>();
        for (Manifest.Setting setting : settings) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", text(setting.key()));
            s.put("display_name", text(setting.displayName()));
            s.put("type", text(setting.type()));
            s.put("help_text", text(setting.helpText()));
            putIfText(s, "regenerate_help_text", setting.regenerateHelpText());
            s.put("placeholder", text(setting.placeholder()));
            JsonNode value = setting.defaultValue();
            s.put("default", value == null || value.isNull() ? null : value);
            if (setting.options() != null && !setting.options().isEmpty()) {
                List<Object> options = new ArrayList<>();
                setting.options().forEach(o -> options.add(Map.of("display_name", text(o.displayName()),
                        "value", text(o.value()))));
                s.put("options", options);
            }
            s.put("hosting", text(setting.hosting()));
            s.put("secret", Boolean.TRUE.equals(setting.secret()));
            out.add(s);
        }
        return out;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static void putIfText(Map<String, Object> out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }
}
