package io.pluginconsole.plugins.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.zafarkhaja.semver.Version;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a manifest can be installed, and what it gets wrong that Mattermost's install
 * tolerates. Refusals are only for what would be unsafe or cannot work on this host; the rest
 * (no version, a placeholder URL, a wrongly typed default) become warnings kept with the plugin.
 */
public final class ManifestValidator {
    private static final Set<String> SETTING_TYPES =
            Set.of("bool", "dropdown", "generated", "radio", "text", "longtext", "number", "username", "custom");
    private static final Set<String> PLACEHOLDER_TYPES =
            Set.of("generated", "text", "longtext", "number", "username", "custom");

    private ManifestValidator() {
    }

    /**
     * Refuses a manifest that cannot be installed from {@code pluginRoot} on {@code platform}.
     *
     * @throws PluginException with Mattermost's id for the condition where it has one
     */
    public static void checkInstallable(Manifest manifest, Path pluginRoot, String platform) {
        if (!PluginIds.isValid(manifest.id())) {
            throw new PluginException(ErrorIds.INVALID_ID, PluginException.Kind.BAD_INPUT,
                    "Invalid plugin id " + BundleRejection.quote(String.valueOf(manifest.id())) + ". "
                            + PluginIds.rule(), "invalid plugin id", null);
        }
        for (Map.Entry<String, String> url : urls(manifest).entrySet()) {
            if (hasUnsafeScheme(url.getValue())) {
                throw ManifestParser.manifestError("manifest field invalid: " + url.getKey()
                        + " must be an http or https URL", "Fix " + url.getKey() + " in the manifest.");
            }
        }
        String minServer = manifest.minServerVersion();
        if (minServer != null && !minServer.isEmpty()) {
            Optional<Version> required = ServerVersion.parse(minServer);
            if (required.isEmpty()) {
                throw ManifestParser.manifestError("min_server_version " + BundleRejection.quote(minServer)
                        + " is not a version such as 7.9.0", "Fix min_server_version in the manifest.");
            }
            Version server = ServerVersion.parse(ServerVersion.COMPATIBLE).orElseThrow();
            if (required.get().isHigherThan(server)) {
                throw new PluginException(ErrorIds.MIN_SERVER_VERSION, PluginException.Kind.BAD_INPUT,
                        "Plugin " + manifest.id() + " requires server version " + minServer
                                + " or newer; this server is compatible with " + ServerVersion.COMPATIBLE
                                + ". Install an older release of the plugin.",
                        "min_server_version " + minServer, null);
            }
        }
        if (manifest.hasServer()) {
            String executable = manifest.executableFor(platform);
            if (executable == null) {
                Manifest.Server server = manifest.serverPart();
                String built = server.executables() == null || server.executables().isEmpty() ? "no platform"
                        : String.join(", ", new java.util.TreeSet<>(server.executables().keySet()));
                throw ManifestParser.manifestError("the plugin has no server executable for " + platform
                        + " (this bundle is built for " + built + ")", "Use a bundle built for " + platform + ".");
            }
            requireFile(pluginRoot, executable, "server executable", ErrorIds.MANIFEST);
        }
        if (manifest.hasWebapp()) {
            requireFile(pluginRoot, manifest.webapp().bundlePath(), "webapp bundle", ErrorIds.WEBAPP_BUNDLE);
        }
    }

    /** Resolves a manifest path inside the plugin folder, or null when it would leave it. */
    public static Path resolve(Path pluginRoot, String manifestPath) {
        String relative = manifestPath.replaceFirst("^/+", "");
        if (relative.isEmpty() || relative.startsWith(".") || relative.contains("\\")) {
            return null;
        }
        Path resolved = pluginRoot.resolve(relative).normalize();
        return resolved.startsWith(pluginRoot) && !resolved.equals(pluginRoot) ? resolved : null;
    }

    private static void requireFile(Path pluginRoot, String path, String what, String errorId) {
        Path file = resolve(pluginRoot, path);
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new PluginException(errorId, PluginException.Kind.BAD_INPUT,
                    "The manifest names the " + what + " " + BundleRejection.quote(path)
                            + ", which is not a file in the bundle. Rebuild the bundle with that file.",
                    what + " missing", null);
        }
    }

    /** What Mattermost would install anyway but an administrator should know about. */
    public static List<String> warnings(Manifest manifest) {
        List<String> warnings = new ArrayList<>();
        if (manifest.name() == null || manifest.name().isBlank()) {
            warnings.add("The manifest has no name; the id is shown instead.");
        }
        if (manifest.version() == null || manifest.version().isEmpty()) {
            warnings.add("The manifest has no version, so upgrades cannot be told from downgrades.");
        } else if (ServerVersion.parse(manifest.version()).isEmpty()) {
            warnings.add("The version \"" + manifest.version() + "\" is not a semantic version such as 1.2.3.");
        }
        for (Map.Entry<String, String> url : urls(manifest).entrySet()) {
            if (!isHttpUrl(url.getValue())) {
                warnings.add("The " + url.getKey() + " \"" + url.getValue()
                        + "\" is not an http(s) URL; it is not shown as a link.");
            }
        }
        if (manifest.iconPath() != null && !manifest.iconPath().isEmpty()
                && !manifest.iconPath().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            warnings.add("The icon \"" + manifest.iconPath() + "\" is not an SVG image.");
        }
        if (manifest.backend() != null && manifest.server() == null) {
            warnings.add("The manifest uses the old \"backend\" key; newer plugins name it \"server\".");
        }
        Manifest.SettingsSchema schema = manifest.settingsSchema();
        if (schema != null) {
            if (schema.settings() != null) {
                schema.settings().forEach(s -> checkSetting(s, warnings));
            }
            if (schema.sections() != null) {
                for (Manifest.Section section : schema.sections()) {
                    if (section.key() == null || section.key().isEmpty()) {
                        warnings.add("A settings section has no key.");
                    }
                    if (section.settings() != null) {
                        section.settings().forEach(s -> checkSetting(s, warnings));
                    }
                }
            }
        }
        return warnings;
    }

    private static void checkSetting(Manifest.Setting setting, List<String> warnings) {
        String key = setting.key() == null ? "(no key)" : setting.key();
        String type = setting.type();
        if (type == null || !SETTING_TYPES.contains(type)) {
            warnings.add("Setting " + key + " has the unknown type \"" + type + "\".");
            return;
        }
        if (notEmpty(setting.regenerateHelpText()) && !type.equals("generated")) {
            warnings.add("Setting " + key + ": regenerate_help_text is only used by generated settings.");
        }
        if (notEmpty(setting.placeholder()) && !PLACEHOLDER_TYPES.contains(type)) {
            warnings.add("Setting " + key + ": a placeholder is not used by " + type + " settings.");
        }
        boolean choice = type.equals("radio") || type.equals("dropdown");
        if (setting.options() != null && !choice) {
            warnings.add("Setting " + key + ": options are only used by radio and dropdown settings.");
        }
        if (setting.options() != null) {
            for (Manifest.Option option : setting.options()) {
                if (option.displayName() == null || option.displayName().isEmpty() || option.value() == null) {
                    warnings.add("Setting " + key + ": every option needs a display_name and a value.");
                    break;
                }
            }
        }
        JsonNode value = setting.defaultValue();
        if (value != null && !value.isNull()) {
            boolean fits = switch (type) {
                case "bool" -> value.isBoolean();
                case "number" -> value.isNumber();
                case "custom" -> true;
                default -> value.isTextual();
            };
            if (!fits) {
                warnings.add("Setting " + key + ": the default " + value + " is not a " + type + " value.");
            }
        }
    }

    private static Map<String, String> urls(Manifest manifest) {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        putIfPresent(urls, "homepage_url", manifest.homepageUrl());
        putIfPresent(urls, "support_url", manifest.supportUrl());
        putIfPresent(urls, "release_notes_url", manifest.releaseNotesUrl());
        return urls;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /** A scheme other than http(s) (javascript:, data:, ...) is an attack; no scheme is a placeholder. */
    private static boolean hasUnsafeScheme(String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = trimmed.substring(0, colon);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            return false;
        }
        return !scheme.equals("http") && !scheme.equals("https");
    }

    /** Mattermost's rule: starts with http:// or https:// and parses with a host. */
    public static boolean isHttpUrl(String value) {
        if (value == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
