package io.pluginconsole.web.ui;

import java.util.List;

/**
 * Everything a plugin's settings page shows; the template sees only this. Texts from the
 * manifest come as safe HTML from {@link MarkdownText}. No component name starts
 * with "set" (Thymeleaf's OGNL cannot read such accessors).
 */
public record PluginSettingsView(
        String csrf,
        String username,
        Flash.Message flash,
        String pluginId,
        String pluginName,
        String version,
        boolean enabled,
        String stateLabel,
        String action,
        String toggleAction,
        boolean noSettings,
        String header,
        String footer,
        List<Section> sections,
        String formError,
        String notice,
        String valuesJson,
        String customFallback,
        boolean saveShown) {

    /**
     * A group of settings. A {@code custom} section is drawn by the plugin's webapp when it
     * registers one; {@code showFields} is false when such a section has no fallback.
     */
    public record Section(String key, String title, String subtitle, String header,
                          String footer, boolean custom, boolean showFields, List<Field> fields) {
    }

    /**
     * One setting. {@code kind} is the type (bool, dropdown, radio, text, longtext, number,
     * generated, username, custom, unknown); {@code name} the form field; {@code value} the text
     * shown (never a stored secret); {@code secretStored} whether a secret has a stored value.
     */
    public record Field(String key, String name, String id, String kind, String typeName, String inputType,
                        String label, String help, String placeholder, String value,
                        List<Option> options, boolean secret, boolean secretStored, String error,
                        String regenerateHelp, String defaultText) {
    }

    /** One choice of a dropdown or radio setting. */
    public record Option(String label, String value, String id, boolean selected) {
    }
}
