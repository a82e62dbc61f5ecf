package io.pluginconsole.plugins.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pluginconsole.config.ConfigStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Saves a plugin's settings into {@code PluginSettings.Plugins[<id>]} with lower-cased keys and
 * typed JSON values. Keys the form does not know are kept; a key stored in another case is
 * replaced by its lower-cased form, so each setting is stored once.
 */
public final class PluginSettingsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PluginSettingsWriter() {
    }

    public static void save(ConfigStore config, String pluginId, Map<String, Object> updates, Set<String> removals) {
        config.update(tree -> {
            ObjectNode plugins = tree.withObjectProperty("PluginSettings").withObjectProperty("Plugins");
            ObjectNode settings = plugins.withObjectProperty(pluginId);
            for (Map.Entry<String, Object> e : updates.entrySet()) {
                removeAnyCase(settings, e.getKey());
                settings.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
            for (String key : removals) {
                removeAnyCase(settings, key);
            }
        });
    }

    private static void removeAnyCase(ObjectNode settings, String storeKey) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = settings.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.toLowerCase(Locale.ROOT).equals(storeKey)) {
                names.add(name);
            }
        }
        settings.remove(names);
    }
}
