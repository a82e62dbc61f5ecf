package io.pluginconsole.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A running server, reached with the current stored login through its API v4. */
final class RemotePluginTarget implements PluginTarget {
    private final ServerClient client;

    private RemotePluginTarget(ServerClient client) {
        this.client = client;
    }

    /**
     * Checks the stored login with GET /users/me first, as mmctl does before every command, so a
     * stale login is reported once instead of once per item.
     */
    static RemotePluginTarget connect(Credentials credentials) {
        Credentials.Server server = credentials.current().orElseThrow(() -> new IllegalStateException(
                "not logged in to a server; run 'plugin-console auth login URL --username USER --password-file FILE' "
                        + "first (or use --local on the server's host with the server stopped)"));
        ServerClient client = new ServerClient(server.url(), server.token());
        try {
            client.me();
        } catch (ServerException e) {
            if (e.status() == 401) {
                throw new IllegalStateException("the stored login for " + server.label()
                        + " is no longer valid (expired, logged out or revoked); run 'plugin-console auth login' again");
            }
            throw e;
        }
        return new RemotePluginTarget(client);
    }

    @Override
    public void add(Path bundle, Path signature, boolean force) throws IOException {
        client.uploadPlugin(bundle, signature, force);
    }

    @Override
    public String installFromUrl(String url, boolean force) {
        return client.installFromUrl(url, force).path("name").asText("");
    }

    @Override
    public void enable(String id) {
        client.enable(id);
    }

    @Override
    public void disable(String id) {
        client.disable(id);
    }

    @Override
    public void delete(String id) {
        client.remove(id);
    }

    /** The server's own split: "active" is running, everything else is listed as disabled (as mmctl does). */
    @Override
    public Listing list() {
        JsonNode plugins = client.plugins();
        return new Listing(entries(plugins.path("active")), entries(plugins.path("inactive")), plugins);
    }

    private static List<Entry> entries(JsonNode manifests) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode manifest : manifests) {
            entries.add(new Entry(manifest.path("id").asText(""), manifest.path("name").asText(""),
                    manifest.path("version").asText(""), ""));
        }
        return entries;
    }
}
