package io.pluginconsole.plugins.runtime;

import java.net.URI;

/**
 * Where a running {@code http} plugin listens, and the secret that proves a request to it comes
 * from this server (the plugin receives it as {@code PLUGIN_CONSOLE_SECRET} at start).
 */
public record PluginEndpoint(String pluginId, URI base, String secret) {
    /** Header carrying the secret on the server's own calls; stripped from proxied requests. */
    public static final String SECRET_HEADER = "Plugin-Console-Secret";
    /** Paths under this prefix are the server's calls to the plugin, never proxied from outside. */
    public static final String RESERVED_PREFIX = "/_plugin/";
}
