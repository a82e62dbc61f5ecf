package io.pluginconsole.web.api;

import io.pluginconsole.plugins.install.InstallSource;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.ManifestJson;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.SignatureVerifier;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.Json;
import io.pluginconsole.web.WebError;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mattermost's plugin routes under /api/v4/plugins, with its status codes, error ids and JSON. */
public final class PluginsApi {
    private final PluginService plugins;
    private final ApiGuard guard;
    private final Audit audit;
    private final PerSnapshot<byte[]> listJson = new PerSnapshot<>(PluginsApi::listJson);

    PluginsApi(PluginService plugins, ApiGuard guard, Audit audit) {
        this.plugins = plugins;
        this.guard = guard;
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v4/plugins", this::upload);
        routes.post("/api/v4/plugins/install_from_url", this::installFromUrl);
        routes.get("/api/v4/plugins", this::list);
        routes.get("/api/v4/plugins/statuses", this::statuses);
        routes.get("/api/v4/plugins/webapp", this::webapp);
        routes.delete("/api/v4/plugins/{plugin_id}", this::remove);
        routes.post("/api/v4/plugins/{plugin_id}/enable", ctx -> toggle(ctx, true));
        routes.post("/api/v4/plugins/{plugin_id}/disable", ctx -> toggle(ctx, false));
    }

    /**
     * Mattermost's upload, plus an optional detached signature in the multipart field
     * "signature". With PluginSettings.RequirePluginSignature on, Mattermost refuses every upload
     * (501); here only an upload without a signature is refused, and a signed one installs when
     * the signature verifies with a trusted key.
     */
    private void upload(Context ctx) throws Exception {
        Principal principal = guard.session(ctx);
        guard.uploadsEnabledOrSigned("app.plugin.upload_disabled.app_error");
        ApiGuard.admin(principal);
        plugins.requireAvailable();
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new WebError(415, "api.plugin.upload.content_type.app_error",
                    "Expected multipart/form-data with the bundle in the field \"plugin\".");
        }
        plugins.requireRoomForUpload(ctx.req().getContentLengthLong());
        List<UploadedFile> files = ctx.uploadedFiles("plugin");
        if (files.isEmpty()) {
            throw new WebError(400, "api.plugin.upload.no_file.app_error", "Missing file in multipart/form request.");
        }
        if (files.size() > 1) {
            throw new WebError(400, "api.plugin.upload.array.app_error",
                    "Upload exactly one file in the field \"plugin\".");
        }
        byte[] signature = signature(ctx.uploadedFiles("signature"));
        if (signature == null && plugins.signaturesRequired()) {
            audit.record(ctx, "uploadPlugin", null, null, false, "unsigned upload refused");
            throw new WebError(501, "app.plugin.upload_disabled.app_error", "Plugins must be signed because "
                    + "PluginSettings.RequirePluginSignature is on. Upload the bundle together with its detached "
                    + "signature in the multipart field \"signature\".");
        }
        boolean force = "true".equals(ctx.formParam("force"));
        try (InputStream in = files.get(0).content()) {
            InstallResult result = install(ctx, "uploadPlugin", () -> plugins.install(in, signature,
                    force ? InstallMode.ALWAYS : InstallMode.IF_NEW, InstallSource.UPLOAD));
            Json.send(ctx, 201, ManifestJson.of(result.plugin().manifest()));
        }
    }

    /** The optional "signature" part: at most one, and small (a detached signature is a few hundred bytes). */
    private static byte[] signature(List<UploadedFile> parts) throws java.io.IOException {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() > 1) {
            throw new WebError(400, "api.plugin.upload.array.app_error",
                    "Upload at most one file in the field \"signature\".");
        }
        if (parts.get(0).size() > SignatureVerifier.MAX_SIGNATURE_BYTES) {
            throw new WebError(400, SignatureVerifier.VERIFY_ERROR,
                    "Unable to verify plugin signature: the file in the field \"signature\" is too large to be a "
                            + "detached signature.");
        }
        try (InputStream in = parts.get(0).content()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? null : bytes;
        }
    }

    private void installFromUrl(Context ctx) {
        Principal principal = guard.session(ctx);
        guard.uploadsEnabled("app.plugin.disabled.app_error");
        ApiGuard.admin(principal);
        String url = ctx.queryParam("plugin_download_url");
        boolean force = parseBool(ctx.queryParam("force"));
        InstallResult result = install(ctx, "installPluginFromUrl", () -> plugins.installFromUrl(url,
                force ? InstallMode.ALWAYS : InstallMode.IF_NEW, InstallSource.url(url)));
        Json.send(ctx, 201, ManifestJson.of(result.plugin().manifest()));
    }

    private InstallResult install(Context ctx, String action, java.util.function.Supplier<InstallResult> work) {
        try {
            InstallResult result = work.get();
            audit.record(ctx, action, result.plugin().id(), result.plugin().record().sha256(), true,
                    result.replaced() ? "replaced " + result.previousVersion() : "installed");
            return result;
        } catch (PluginException e) {
            audit.record(ctx, action, null, null, false, e.id() + ": " + e.detail());
            throw e;
        }
    }

    private void list(Context ctx) {
        Principal principal = guard.session(ctx);
        guard.pluginsEnabled();
        ApiGuard.admin(principal);
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(listJson.of(plugins.snapshot()));
    }

    /** The list's JSON: the same for every administrator until the plugins change. */
    private static byte[] listJson(io.pluginconsole.plugins.state.PluginSnapshot snapshot) {
        List<Object> active = new ArrayList<>();
        List<Object> inactive = new ArrayList<>();
        for (PluginInfo plugin : byDirectory(snapshot.plugins())) {
            (plugin.status().state() == PluginState.RUNNING ? active : inactive)
                    .add(ManifestJson.of(plugin.plugin().manifest()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active);
        body.put("inactive", inactive);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the plugin list", e);
        }
    }

    private void statuses(Context ctx) {
        Principal principal = guard.session(ctx);
        guard.pluginsEnabled();
        ApiGuard.admin(principal);
        var cluster = plugins.cluster();
        if (cluster.isPresent()) {
            List<Object> shared = clusterStatuses(cluster.get());
            if (shared != null) {
                Json.send(ctx, 200, shared);
                return;
            }
        }
        String clusterId = cluster.map(io.pluginconsole.plugins.cluster.ClusterView::nodeId).orElse("");
        List<Object> statuses = new ArrayList<>();
        for (PluginInfo plugin : byDirectory()) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("plugin_id", plugin.id());
            status.put("cluster_id", clusterId);
            status.put("plugin_path", plugin.plugin().folder().toString());
            status.put("state", plugin.status().state().code());
            status.put("error", plugin.status().error());
            status.put("name", plugin.plugin().manifest().name() == null ? "" : plugin.plugin().manifest().name());
            status.put("description", plugin.plugin().manifest().description() == null ? ""
                    : plugin.plugin().manifest().description());
            status.put("version", plugin.plugin().manifest().version() == null ? ""
                    : plugin.plugin().manifest().version());
            statuses.add(status);
        }
        Json.send(ctx, 200, statuses);
    }

    /**
     * Every node's published entries (offline nodes too, with their last state), each with its
     * node id as {@code cluster_id}; null when the database cannot be read (this node's own
     * entries are sent then).
     */
    private static List<Object> clusterStatuses(io.pluginconsole.plugins.cluster.ClusterView cluster) {
        List<io.pluginconsole.plugins.cluster.NodePluginStatus> all;
        try {
            all = cluster.statuses();
        } catch (RuntimeException e) {
            return null;
        }
        List<Object> statuses = new ArrayList<>();
        for (var s : all) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("plugin_id", s.pluginId());
            status.put("cluster_id", s.nodeId());
            status.put("plugin_path", s.pluginPath());
            status.put("state", s.state());
            status.put("error", s.error());
            status.put("name", s.name());
            status.put("description", s.description());
            status.put("version", s.version());
            statuses.add(status);
        }
        return statuses;
    }

    /** No session needed (Mattermost serves it to every user); only running webapp plugins. */
    private void webapp(Context ctx) {
        guard.pluginsEnabled();
        List<Object> manifests = new ArrayList<>();
        for (PluginInfo plugin : byDirectory()) {
            var manifest = plugin.plugin().manifest();
            String bundle = plugins.webappBundleUrl(plugin.id());
            if (plugin.status().state() == PluginState.RUNNING && manifest.hasWebapp() && bundle != null) {
                manifests.add(ManifestJson.client(manifest, bundle));
            }
        }
        Json.send(ctx, 200, manifests);
    }

    private void remove(Context ctx) {
        Principal principal = guard.session(ctx);
        String id = ApiGuard.pluginId(ctx);
        guard.pluginsEnabled();
        ApiGuard.admin(principal);
        change(ctx, "removePlugin", id, () -> plugins.remove(id));
        Json.send(ctx, 200, Json.STATUS_OK);
    }

    private void toggle(Context ctx, boolean enable) {
        Principal principal = guard.session(ctx);
        String id = ApiGuard.pluginId(ctx);
        guard.pluginsEnabled();
        ApiGuard.admin(principal);
        change(ctx, enable ? "enablePlugin" : "disablePlugin", id,
                () -> { if (enable) { plugins.enable(id); } else { plugins.disable(id); } });
        Json.send(ctx, 200, Json.STATUS_OK);
    }

    private void change(Context ctx, String action, String id, Runnable work) {
        String sha = plugins.find(id).map(p -> p.plugin().record() == null ? null : p.plugin().record().sha256())
                .orElse(null);
        try {
            work.run();
            audit.record(ctx, action, id.toLowerCase(java.util.Locale.ROOT), sha, true, "");
        } catch (PluginException e) {
            audit.record(ctx, action, id.toLowerCase(java.util.Locale.ROOT), sha, false, e.id());
            throw e;
        }
    }

    /** Mattermost lists plugins in the order of their folders. */
    private List<PluginInfo> byDirectory() {
        return byDirectory(plugins.list());
    }

    private static List<PluginInfo> byDirectory(List<PluginInfo> plugins) {
        List<PluginInfo> all = new ArrayList<>(plugins);
        all.sort(java.util.Comparator.comparing(p -> p.plugin().folder().getFileName().toString()));
        return all;
    }

    /** Go's strconv.ParseBool: 1, t, T, TRUE, true, True; anything else is false. */
    static boolean parseBool(String value) {
        return value != null && List.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }
}
