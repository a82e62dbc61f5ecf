package io.pluginconsole.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.ConfigException;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.settings.PluginSettingsWriter;
import io.pluginconsole.plugins.settings.SettingsForm;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.Json;
import io.pluginconsole.web.PageRenderer;
import io.pluginconsole.web.RequestAuth;
import io.pluginconsole.web.WebError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * System Console > Plugins > (a plugin): the settings its manifest declares, saved into
 * {@code PluginSettings.Plugins[<id>]}. Form logic lives in {@link SettingsForm}; this class
 * turns requests into calls and results into view records.
 */
public final class PluginSettingsPage {
    static final String FIELD_PREFIX = "s.";

    private final PluginService plugins;
    private final ConfigStore config;
    private final PageSession session;
    private final PageRenderer pages;
    private final Flash flash;
    private final Audit audit;
    private final ConsoleChrome chrome;

    public PluginSettingsPage(PluginService plugins, ConfigStore config, RequestAuth auth, PageRenderer pages,
                              Flash flash, Audit audit) {
        this.plugins = plugins;
        this.config = config;
        this.session = new PageSession(auth);
        this.pages = pages;
        this.flash = flash;
        this.audit = audit;
        this.chrome = new ConsoleChrome(plugins, config);
    }

    public void register(RoutesConfig routes) {
        routes.get(ConsoleChrome.SETTINGS_PREFIX + "{plugin_id}", this::show);
        routes.post(ConsoleChrome.SETTINGS_PREFIX + "{plugin_id}", this::save);
        routes.post(ConsoleChrome.SETTINGS_PREFIX + "{plugin_id}/enable", ctx -> toggle(ctx, true));
        routes.post(ConsoleChrome.SETTINGS_PREFIX + "{plugin_id}/disable", ctx -> toggle(ctx, false));
    }

    private void show(Context ctx) {
        Principal principal = session.admin(ctx).orElse(null);
        if (principal == null) {
            return;
        }
        PluginInfo info = plugin(ctx);
        SettingsForm form = SettingsForm.of(info.plugin().manifest().settingsSchema());
        Map<String, Object> stored = stored(info.id());
        render(ctx, 200, principal, info, form, form.values(stored), Map.of(), flash.take(principal.session().id()),
                null, null);
    }

    private void save(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        PluginInfo info = plugin(ctx);
        String id = info.id();
        SettingsForm form = SettingsForm.of(info.plugin().manifest().settingsSchema());
        Map<String, Object> stored = stored(id);
        Map<String, String> input = new LinkedHashMap<>();
        for (SettingsForm.Field f : form.fields()) {
            String value = ctx.formParam(FIELD_PREFIX + f.storeKey());
            if (value != null) {
                input.put(f.storeKey(), value);
            }
        }
        Set<String> clear = new HashSet<>(ctx.formParams("clear"));
        SettingsForm.Submission submission = form.submit(input, clear, stored);

        String regenerate = ctx.formParam("regenerate");
        if (regenerate != null) {
            SettingsForm.Field field = form.fields().stream()
                    .filter(f -> f.kind() == SettingsForm.Kind.GENERATED && f.storeKey().equals(regenerate))
                    .findFirst().orElseThrow(() -> new WebError(400, "api.plugin.settings.regenerate.app_error",
                            "There is no generated setting named " + regenerate + "."));
            Map<String, String> text = new LinkedHashMap<>(submission.echo().text());
            text.put(field.storeKey(), SettingsForm.generate());
            render(ctx, 200, principal, info, form, new SettingsForm.Values(text, submission.echo().storedSecrets()),
                    Map.of(), null, null, "A new value was generated for " + label(field)
                            + ". Click Save to keep it.");
            return;
        }
        if (!submission.valid()) {
            audit.record(ctx, "updatePluginSettings", id, null, false,
                    "invalid: " + String.join(", ", submission.errors().keySet()));
            render(ctx, 400, principal, info, form, submission.echo(), submission.errors(), null,
                    "Nothing was saved. Correct the settings marked below and save again.", null);
            return;
        }
        try {
            PluginSettingsWriter.save(config, id, submission.updates(), submission.removals());
        } catch (ConfigException e) {
            audit.record(ctx, "updatePluginSettings", id, null, false, "config: " + e.getMessage());
            render(ctx, 400, principal, info, form, submission.echo(), Map.of(), null,
                    "Nothing was saved: " + e.getMessage(), null);
            return;
        }
        List<String> keys = new ArrayList<>(submission.updates().keySet());
        submission.removals().forEach(k -> keys.add(k + " (cleared)"));
        audit.record(ctx, "updatePluginSettings", id, sha(info), true, "settings: " + String.join(", ", keys));
        flash.put(principal.session().id(), true, "Settings saved.");
        ctx.redirect(ConsoleChrome.settingsPath(id), HttpStatus.SEE_OTHER);
    }

    /** Mattermost's hidden "Enable" switch of a plugin's page, with the same service calls as Plugin Management. */
    private void toggle(Context ctx, boolean enable) {
        Principal principal = ConsoleGate.administrator(ctx);
        PluginInfo info = plugin(ctx);
        String id = info.id();
        try {
            if (enable) {
                plugins.enable(id);
            } else {
                plugins.disable(id);
            }
            audit.record(ctx, (enable ? "enable" : "disable") + "Plugin", id, sha(info), true, "settings page");
            flash.put(principal.session().id(), true, (enable ? "Enabled " : "Disabled ")
                    + info.plugin().manifest().displayName() + ".");
        } catch (PluginException e) {
            audit.record(ctx, (enable ? "enable" : "disable") + "Plugin", id, sha(info), false, e.id());
            flash.put(principal.session().id(), false, e.getMessage());
        }
        ctx.redirect(ConsoleChrome.settingsPath(id), HttpStatus.SEE_OTHER);
    }

    private PluginInfo plugin(Context ctx) {
        String id = ctx.pathParam("plugin_id").toLowerCase(Locale.ROOT);
        return plugins.find(id).orElseThrow(() -> new WebError(404, "app.plugin.not_installed.app_error",
                "No plugin with the id \"" + id + "\" is installed."));
    }

    private Map<String, Object> stored(String id) {
        Map<String, Map<String, Object>> all = config.current().pluginSettings().plugins();
        return all == null ? null : all.get(id);
    }

    private static String sha(PluginInfo info) {
        return info.plugin().record() == null ? null : info.plugin().record().sha256();
    }

    private void render(Context ctx, int status, Principal principal, PluginInfo info, SettingsForm form,
                        SettingsForm.Values values, Map<String, String> errors, Flash.Message message,
                        String formError, String notice) {
        var manifest = info.plugin().manifest();
        String path = ConsoleChrome.settingsPath(info.id());
        List<PluginSettingsView.Section> sections = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (SettingsForm.Section s : form.sections()) {
            List<PluginSettingsView.Field> fields = new ArrayList<>();
            for (SettingsForm.Field f : s.fields()) {
                fields.add(field(f, values, errors, ids));
            }
            sections.add(new PluginSettingsView.Section(s.key(), s.title(), s.subtitle(),
                    MarkdownText.html(s.header()), MarkdownText.html(s.footer()), s.custom(),
                    !s.custom() || s.fallback(), fields));
        }
        String valuesJson;
        try {
            valuesJson = Json.MAPPER.writeValueAsString(form.publicValues(stored(info.id())));
        } catch (JsonProcessingException e) {
            valuesJson = "{}";
        }
        PluginSettingsView view = new PluginSettingsView(principal.session().csrfToken(),
                principal.user().username(), message, info.id(), manifest.displayName(),
                manifest.version() == null ? "" : manifest.version(), info.enabled(),
                info.status().state().label(), path, path + (info.enabled() ? "/disable" : "/enable"), form.isEmpty(),
                MarkdownText.html(form.header()), MarkdownText.html(form.footer()), sections, formError,
                notice, valuesJson, customFallback(info), saveShown(form, info));
        ctx.status(status);
        pages.render(ctx, "plugins/plugin_settings", Map.of("view", view, "chrome", chrome.view(path)));
    }

    /** Mattermost's words while the plugin is off; while it runs, its web app is what should draw the setting. */
    private static String customFallback(PluginInfo info) {
        if (info.status().state() == io.pluginconsole.plugins.runtime.PluginState.RUNNING) {
            return "This setting is drawn by the plugin's web app, which has not drawn it. Check the plugin's "
                    + "webapp part, or the Server Logs for its errors.";
        }
        return SettingsForm.CUSTOM_FALLBACK;
    }

    /**
     * A Save button only when there is something to save: a setting this page can edit, or a
     * custom one the running plugin's web app may draw.
     */
    private static boolean saveShown(SettingsForm form, PluginInfo info) {
        boolean running = info.status().state() == io.pluginconsole.plugins.runtime.PluginState.RUNNING;
        for (SettingsForm.Section s : form.sections()) {
            if (s.custom() && running) {
                return true;
            }
            for (SettingsForm.Field f : s.fields()) {
                if (f.kind() != SettingsForm.Kind.UNKNOWN && (f.kind() != SettingsForm.Kind.CUSTOM || running)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static PluginSettingsView.Field field(SettingsForm.Field f, SettingsForm.Values values,
                                                  Map<String, String> errors, Set<String> ids) {
        String id = "setting-" + f.storeKey().replaceAll("[^a-z0-9_-]", "-");
        if (f.storeKey().isEmpty() || !ids.add(id)) {
            id = id + "-" + ids.size();
            ids.add(id);
        }
        String value = values.of(f.storeKey());
        List<PluginSettingsView.Option> options = new ArrayList<>();
        for (int i = 0; i < f.options().size(); i++) {
            SettingsForm.Option o = f.options().get(i);
            options.add(new PluginSettingsView.Option(o.label().isEmpty() ? o.value() : o.label(), o.value(),
                    id + "-" + i, o.value().equals(value)));
        }
        boolean stored = values.storedSecrets().contains(f.storeKey());
        String placeholder = f.secret() && stored ? SettingsForm.SECRET_MASK : f.placeholder();
        return new PluginSettingsView.Field(f.key(), FIELD_PREFIX + f.storeKey(), id,
                f.kind().name().toLowerCase(Locale.ROOT), f.type(), inputType(f), f.label(),
                MarkdownText.html(f.helpText()), placeholder, value, options, f.secret(), stored,
                errors.get(f.storeKey()), MarkdownText.html(f.regenerateHelpText()), defaultText(f));
    }

    private static String inputType(SettingsForm.Field f) {
        if (f.secret()) {
            return "password";
        }
        return switch (f.subtype()) {
            case "email", "url", "tel", "password" -> f.subtype();
            default -> "text";
        };
    }

    /** "Default: ..." under a setting; nothing for secrets, custom settings and settings without one. */
    private static String defaultText(SettingsForm.Field f) {
        if (f.secret() || f.kind() == SettingsForm.Kind.CUSTOM || f.kind() == SettingsForm.Kind.UNKNOWN) {
            return "";
        }
        Object d = SettingsForm.defaultOf(f);
        if (d == null) {
            return "";
        }
        String text = d instanceof String s ? s : String.valueOf(d);
        if (f.kind() == SettingsForm.Kind.DROPDOWN || f.kind() == SettingsForm.Kind.RADIO) {
            for (SettingsForm.Option o : f.options()) {
                if (o.value().equals(text)) {
                    return o.label().isEmpty() ? text : o.label();
                }
            }
        }
        return text.isEmpty() || text.length() > 200 ? "" : text;
    }

    /** The setting's name for a sentence: manifests often end display names with a colon ("Webhook secret:"). */
    static String label(SettingsForm.Field f) {
        String name = f.label().strip().replaceAll("[:\\s]+$", "");
        return name.isEmpty() ? f.key() : name;
    }
}
