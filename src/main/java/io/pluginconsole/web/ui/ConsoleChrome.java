package io.pluginconsole.web.ui;

import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.runtime.PluginState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What every console page's frame shows besides its own content: a sidebar entry per installed
 * plugin that has settings, and the webapp bundles of the running plugins, which the page loads
 * after {@code /static/js/plugin-registry.js} (as Mattermost's webapp loads them).
 */
final class ConsoleChrome {
    static final String SETTINGS_PREFIX = "/admin_console/plugins/plugin_";

    /** The frame's view: {@code activePath} marks the current sidebar entry. */
    public record View(String activePath, List<Link> plugins, List<String> scripts) {
    }

    /** A sidebar entry. */
    public record Link(String id, String name, String href, boolean active) {
    }

    private final PluginService plugins;
    private final ConfigStore config;

    ConsoleChrome(PluginService plugins, ConfigStore config) {
        this.plugins = plugins;
        this.config = config;
    }

    View view(String activePath) {
        List<Link> links = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        boolean pluginsOn = config.current().pluginSettings().enable();
        for (PluginInfo info : plugins.list()) {
            var manifest = info.plugin().manifest();
            if (manifest.hasSettings()) {
                String href = settingsPath(info.id());
                links.add(new Link(info.id(), manifest.displayName(), href, href.equals(activePath)));
            }
            if (pluginsOn && info.status().state() == PluginState.RUNNING && manifest.hasWebapp()) {
                String url = plugins.webappBundleUrl(info.id());
                if (url != null) {
                    scripts.add("/static/plugins/" + enc(info.id()) + "/" + enc(url.substring(url.lastIndexOf('/') + 1)));
                }
            }
        }
        return new View(activePath, links, scripts);
    }

    static String settingsPath(String id) {
        return SETTINGS_PREFIX + enc(id);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
