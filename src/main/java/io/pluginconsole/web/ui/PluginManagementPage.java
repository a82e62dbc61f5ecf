package io.pluginconsole.web.ui;

import io.pluginconsole.plugins.install.InstallSource;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.pluginconsole.auth.Principal;
import io.pluginconsole.config.Config;
import io.pluginconsole.config.ConfigStore;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginConflictException;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.Manifest;
import io.pluginconsole.plugins.bundle.ManifestValidator;
import io.pluginconsole.plugins.bundle.VersionDirection;
import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallRecord;
import io.pluginconsole.plugins.install.InstallResult;
import io.pluginconsole.plugins.install.SignatureVerifier;
import io.pluginconsole.plugins.install.StagedBundle;
import io.pluginconsole.plugins.runtime.PluginState;
import io.pluginconsole.plugins.state.PluginSnapshot;
import io.pluginconsole.web.Audit;
import io.pluginconsole.web.PageRenderer;
import io.pluginconsole.web.RequestAuth;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * System Console > Plugins > Plugin Management, server-rendered with Mattermost's words. Every
 * change is a POST with the session's CSRF token, answered with a redirect and a one-shot message.
 */
public final class PluginManagementPage {
    static final String PATH = SafeRedirect.HOME;

    private final PluginService plugins;
    private final ConfigStore config;
    private final EnvOverrides env;
    private final PageSession session;
    private final PageRenderer pages;
    private final Flash flash;
    private final PendingReviews reviews;
    private final Audit audit;
    private final ConsoleChrome chrome;
    private final BriefWait starts = new BriefWait(java.time.Duration.ofSeconds(5));
    private final SplicedPage.Markers markers = SplicedPage.Markers.random();
    private final RenderedPages<Generation, Address> rendered = new RenderedPages<>();

    public PluginManagementPage(PluginService plugins, ConfigStore config, EnvOverrides env, RequestAuth auth,
                                PageRenderer pages, Flash flash, PendingReviews reviews, Audit audit) {
        this.plugins = plugins;
        this.config = config;
        this.env = env;
        this.session = new PageSession(auth);
        this.pages = pages;
        this.flash = flash;
        this.reviews = reviews;
        this.audit = audit;
        this.chrome = new ConsoleChrome(plugins, config);
    }

    public void register(RoutesConfig routes) {
        routes.get(PATH, this::show);
        routes.post(PATH + "/settings", this::saveSettings);
        routes.post(PATH + "/upload", this::upload);
        routes.post(PATH + "/review/{token}/overwrite", this::overwrite);
        routes.post(PATH + "/review/{token}/cancel", this::cancel);
        routes.post(PATH + "/install_from_url", this::installFromUrl);
        routes.post(PATH + "/plugin/{plugin_id}/enable", ctx -> change(ctx, RowAction.ENABLE));
        routes.post(PATH + "/plugin/{plugin_id}/disable", ctx -> change(ctx, RowAction.DISABLE));
        routes.post(PATH + "/plugin/{plugin_id}/remove", ctx -> change(ctx, RowAction.REMOVE));
        routes.post(PATH + "/reconcile", this::reconcile);
    }

    /** "Reconcile now" (cluster): one pass on this node, then the page with what it found. */
    private void reconcile(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        var cluster = plugins.cluster();
        if (cluster.isEmpty()) {
            done(ctx, principal, false, "Clustering is off (ClusterSettings.Enable), so there is nothing to reconcile.");
            return;
        }
        try {
            List<String> problems = cluster.get().reconcileNow();
            audit.record(ctx, "reconcilePlugins", null, null, problems.isEmpty(), String.join("; ", problems));
            done(ctx, principal, problems.isEmpty(), problems.isEmpty()
                    ? "This node is in line with the cluster."
                    : "Reconciled with problems: " + String.join(" ", problems));
        } catch (RuntimeException e) {
            done(ctx, principal, false, e.getMessage());
        }
    }

    /**
     * What the common view of the page (no message, no dialog) is rendered from besides the
     * address: any change to one of these renders it again. Environment overrides are fixed for
     * the server's life.
     */
    private record Generation(long snapshotVersion, Config config, List<String> alerts,
                              List<io.pluginconsole.config.StartupProblem> startupProblems, ClusterPanel cluster,
                              Map<String, List<String>> stderr) {
    }

    /** The address of one rendering. */
    private record Address(String query, PluginFilter filter, int page) {
    }

    private void show(Context ctx) {
        Optional<Principal> admin = session.admin(ctx);
        if (admin.isEmpty()) {
            return;
        }
        Principal principal = admin.get();
        String sessionId = principal.session().id();
        Address address = new Address(Optional.ofNullable(ctx.queryParam("q")).orElse("").strip(),
                PluginFilter.of(ctx.queryParam("state")), PluginPager.requested(ctx.queryParam("page")));
        Flash.Message message = flash.take(sessionId);
        PluginManagementView.Overwrite overwrite = overwriteDialog(ctx, sessionId);
        PluginManagementView.Remove remove = Optional.ofNullable(ctx.queryParam("remove"))
                .flatMap(plugins::find)
                .filter(p -> !p.prepackaged())
                .map(p -> new PluginManagementView.Remove(p.id(), p.plugin().manifest().displayName(),
                        PATH + "/plugin/" + enc(p.id()) + "/remove"))
                .orElse(null);
        PluginSnapshot snapshot = plugins.snapshot();
        Config current = config.current();
        ClusterPanel cluster = ClusterPanel.of(plugins.cluster(), PATH + "/reconcile");
        String csrf = principal.session().csrfToken();
        String username = principal.user().username();
        if (message != null || overwrite != null || remove != null) {
            // A message or a dialog is this viewer's alone: rendered for this request only.
            ctx.contentType("text/html; charset=utf-8");
            ctx.result(CompactHtml.of(pages.html("plugins/plugin_management",
                    model(snapshot, current, cluster, address, csrf, csrf, username, message, overwrite, remove))));
            return;
        }
        Generation generation = new Generation(snapshot.version(), current, plugins.alerts(),
                plugins.startupProblems(), cluster, failedStderr(snapshot));
        SplicedPage page = rendered.get(generation, address, () -> SplicedPage.split(CompactHtml.of(pages.html(
                "plugins/plugin_management", model(snapshot, current, cluster, address, markers.csrf(),
                        markers.csrfInUrl(), markers.username(), null, null, null))), markers));
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(page.fill(csrf, username));
    }

    /** The last stderr lines of failed plugins, which the page shows and no snapshot carries. */
    private Map<String, List<String>> failedStderr(PluginSnapshot snapshot) {
        Map<String, List<String>> lines = new java.util.HashMap<>();
        for (PluginInfo info : snapshot.plugins()) {
            PluginState state = info.status().state();
            if (state == PluginState.FAILED_TO_START || state == PluginState.CRASHING) {
                lines.put(info.id(), lastLines(plugins.recentStderr(info.id()), 5));
            }
        }
        return lines;
    }

    /**
     * The template's model. {@code csrf}, {@code csrfInUrl} and {@code username} are the viewer's
     * values, or markers standing in for them in a rendering kept for everybody.
     */
    private Map<String, Object> model(PluginSnapshot snapshot, Config current, ClusterPanel cluster, Address address,
                                      String csrf, String csrfInUrl, String username, Flash.Message message,
                                      PluginManagementView.Overwrite overwrite, PluginManagementView.Remove remove) {
        String query = address.query();
        PluginFilter stateFilter = address.filter();
        List<PluginInfo> all = snapshot.plugins();
        List<PluginManagementView.Row> every = new ArrayList<>();
        for (PluginInfo info : all) {
            every.add(row(info));
        }
        List<PluginManagementView.Row> matching = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (matches(all.get(i), query) && stateFilter.matches(every.get(i))) {
                matching.add(every.get(i));
            }
        }
        List<PluginManagementView.FilterChip> chips = new ArrayList<>();
        for (PluginFilter f : PluginFilter.values()) {
            int count = (int) every.stream().filter(f::matches).count();
            if (f == PluginFilter.ALL || count > 0 || f == stateFilter) {
                chips.add(new PluginManagementView.FilterChip(f.key, f.label, count, listHref(f, query, 1),
                        f == stateFilter));
            }
        }
        PluginManagementView.Pager pager = PluginPager.of(matching.size(), address.page(),
                n -> listHref(stateFilter, query, n));
        Config.PluginSettings settings = current.pluginSettings();
        PluginManagementView view = new PluginManagementView(csrf, username, message,
                new PluginManagementView.Settings(settings.enable(), settings.requirePluginSignature(),
                        settings.automaticPrepackagedPlugins(), settings.enableUploads(),
                        env.overrides("PluginSettings", "Enable"),
                        env.overrides("PluginSettings", "RequirePluginSignature"),
                        env.overrides("PluginSettings", "AutomaticPrepackagedPlugins"),
                        env.overrides("PluginSettings", "EnableUploads")),
                withAction(uploadView(settings), PATH + "/upload?csrf=" + csrfInUrl),
                PluginPager.slice(matching, address.page()), all.size(), query, chips,
                stateFilter == PluginFilter.ALL ? "" : stateFilter.key, overwrite, remove, plugins.alerts(),
                StartupProblemView.of(plugins.startupProblems()), pager);
        // While a plugin is starting, a page without script reloads itself to show how the start ended.
        boolean starting = every.stream().anyMatch(r -> r.state() == PluginState.STARTING.code());
        return Map.of("view", view, "chrome", chrome.view(PATH), "cluster", cluster, "autoRefresh", starting);
    }

    /** The list's address for a state filter, a search and a page, as the chips and page links use it. */
    private static String listHref(PluginFilter filter, String query, int page) {
        List<String> params = new ArrayList<>();
        if (filter != PluginFilter.ALL) {
            params.add("state=" + filter.key);
        }
        if (!query.isEmpty()) {
            params.add("q=" + enc(query));
        }
        if (page > 1) {
            params.add("page=" + page);
        }
        return params.isEmpty() ? PATH : PATH + "?" + String.join("&", params);
    }

    /**
     * The overwrite dialog for this session's pending review named by {@code ?overwrite=}: the only
     * thing the address carries is that opaque token; everything shown comes from the staged
     * bundle and the installed plugin.
     */
    private PluginManagementView.Overwrite overwriteDialog(Context ctx, String sessionId) {
        PendingReviews.Review r = reviews.get(sessionId, ctx.queryParam("overwrite"));
        if (r == null) {
            return null;
        }
        Optional<PluginInfo> installed = plugins.find(r.pluginId()).filter(PluginInfo::installed);
        String installedName = installed.map(p -> p.plugin().manifest().displayName()).orElse("(not installed)");
        String installedVersion = installed.map(p -> p.plugin().manifest().version()).orElse(null);
        String installedSha = installed.map(p -> p.plugin().record() == null ? "unknown" : p.plugin().record().sha256())
                .orElse("(not installed)");
        VersionDirection direction = VersionDirection.of(installedVersion, r.version());
        String noun = r.origin() == PendingReviews.Origin.URL ? "download" : "upload";
        String warning = switch (direction) {
            case DOWNGRADE -> "This " + noun + " appears to downgrade the existing plugin. Downgrades can remove "
                    + "fixes or features.";
            case SAME -> "This " + noun + " has the same version as the installed plugin.";
            case UPGRADE -> "This " + noun + " upgrades the installed plugin.";
            case UNKNOWN -> "The versions cannot be compared.";
        };
        String base = PATH + "/review/" + enc(r.token());
        return new PluginManagementView.Overwrite(base + "/overwrite", base + "/cancel", r.source(), r.pluginId(),
                installedName, printable(installedVersion), installedSha, r.name(), printable(r.version()),
                r.bundle().sha256(), direction.key(), warning);
    }

    private static String printable(String version) {
        return version == null || version.isEmpty() ? "(no version)" : version;
    }

    private static boolean matches(PluginInfo info, String query) {
        if (query.isEmpty()) {
            return true;
        }
        String q = query.toLowerCase(Locale.ROOT);
        return info.id().contains(q) || info.plugin().manifest().displayName().toLowerCase(Locale.ROOT).contains(q);
    }

    static final String SIGNATURE_REQUIRED_HELP = "Plugin uploads are off for unsigned bundles because Require "
            + "Plugin Signature is on: plugins must be signed. Upload the bundle together with its .sig file, or "
            + "add it from the command line with 'plugin-console plugin add --signature BUNDLE.sig BUNDLE'. "
            + "The signature must be made with a key this server trusts: Mattermost's built-in key or one added "
            + "on the server with 'plugin-console plugin keys add'. Installing from a URL is off while "
            + "signatures are required.";

    private PluginManagementView.Upload uploadView(Config.PluginSettings settings) {
        long max = config.current().fileSettings().maxFileSize();
        String help;
        if (plugins.unavailable()) {
            help = "Plugins are unavailable until the problem shown above is fixed.";
        } else if (!settings.enable()) {
            help = "To enable plugins, set Enable Plugins to true.";
        } else if (!settings.enableUploads()) {
            help = "Enable plugin uploads in config.json (PluginSettings.EnableUploads, or the environment variable "
                    + "MM_PLUGINSETTINGS_ENABLEUPLOADS=true) and restart the server.";
        } else if (settings.requirePluginSignature()) {
            help = SIGNATURE_REQUIRED_HELP;
        } else {
            help = "Upload a plugin bundle (.tar.gz) for this server.";
        }
        boolean enabled = settings.enable() && settings.enableUploads() && !plugins.unavailable();
        return new PluginManagementView.Upload(enabled, help, BundleStager.humanSize(max), max, null,
                settings.requirePluginSignature(), enabled && !settings.requirePluginSignature());
    }

    private static PluginManagementView.Upload withAction(PluginManagementView.Upload upload, String action) {
        return new PluginManagementView.Upload(upload.enabled(), upload.help(), upload.maxSize(), upload.maxBytes(),
                action, upload.signatureRequired(), upload.urlEnabled());
    }

    /** Who signed the installed version, and whether that changed from the version before. */
    static PluginManagementView.Signature signature(InstallRecord record) {
        if (record == null) {
            return null; // unpacked by hand: nothing is known about its origin
        }
        String changed = null;
        if (record.signerChanged()) {
            changed = "Signed by a different key than the previous version: was "
                    + signer(record.previous().signedBy()) + ", now " + signer(record.signedBy()) + ".";
        }
        if (record.signedBy() == null) {
            return new PluginManagementView.Signature(false, "Unsigned", "", changed);
        }
        return new PluginManagementView.Signature(true, "Signed by " + signer(record.signedBy()),
                record.signedBy().fingerprint(), changed);
    }

    private static String signer(InstallRecord.Signer signer) {
        if (signer == null) {
            return "unsigned";
        }
        String uid = signer.uid() == null || signer.uid().isBlank() ? "" : " (" + signer.uid() + ")";
        return signer.shortFingerprint() + uid;
    }

    private PluginManagementView.Row row(PluginInfo info) {
        var manifest = info.plugin().manifest();
        PluginState state = info.status().state();
        String description;
        String kind;
        switch (state) {
            case RUNNING -> {
                description = "This plugin is running.";
                kind = "success";
            }
            case STARTING -> {
                description = "This plugin is starting.";
                kind = "info";
            }
            case STOPPING -> {
                description = "This plugin is stopping.";
                kind = "info";
            }
            case FAILED_TO_START -> {
                description = "This plugin failed to start. " + reason(info.status().error());
                kind = "warning";
            }
            case CRASHING -> {
                description = "This plugin crashed multiple times and is no longer running. "
                        + reason(info.status().error());
                kind = "danger";
            }
            default -> {
                description = info.enabled() ? "This plugin is enabled but not running." : "This plugin is not enabled.";
                kind = "info";
            }
        }
        if (!info.installed()) {
            description += " It is pre-packaged with the server and not installed yet; enabling it installs it.";
        }
        String homepage = ManifestValidator.isHttpUrl(manifest.homepageUrl()) ? manifest.homepageUrl() : null;
        return new PluginManagementView.Row(info.id(), manifest.displayName(),
                manifest.version() == null ? "" : manifest.version(),
                manifest.description() == null ? "" : manifest.description(), state.code(), state.label(),
                description, kind, info.enabled(), manifest.hasSettings(), info.manual(),
                info.plugin().warnings(), homepage,
                PATH + "/plugin/" + enc(info.id()) + (info.enabled() ? "/disable" : "/enable"),
                info.prepackaged() ? null : PATH + "?remove=" + enc(info.id()),
                "/admin_console/plugins/plugin_" + enc(info.id()), info.prepackaged(),
                info.prepackaged() ? PluginService.PREPACKAGED_REMOVE_NOTE : null,
                signature(info.plugin().record()),
                ManifestValidator.isHttpUrl(manifest.releaseNotesUrl()) ? manifest.releaseNotesUrl() : null,
                state == PluginState.FAILED_TO_START || state == PluginState.CRASHING
                        ? LogsPage.PATH + "?plugin_id=" + enc(info.id()) : null,
                state == PluginState.FAILED_TO_START || state == PluginState.CRASHING
                        ? lastLines(plugins.recentStderr(info.id()), 5) : List.of());
    }

    private static List<String> lastLines(List<String> lines, int count) {
        return lines.size() <= count ? List.copyOf(lines) : List.copyOf(lines.subList(lines.size() - count, lines.size()));
    }

    /** A failure reason as a sentence: capitalised, with its full stop; a pointer to the logs when none is known. */
    static String reason(String error) {
        if (error == null || error.isBlank()) {
            return "Check the Server Logs for errors.";
        }
        String text = error.strip();
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") ? text : text + ".";
    }

    private void saveSettings(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        // Only what the form posted changes: a disabled radio group is not posted and keeps its value,
        // and a setting fixed by an environment variable is never written.
        Map<String, Boolean> changes = new java.util.LinkedHashMap<>();
        for (String key : List.of("Enable", "RequirePluginSignature", "AutomaticPrepackagedPlugins")) {
            String value = ctx.formParam(key);
            if (value != null && !env.overrides("PluginSettings", key)) {
                changes.put(key, "true".equals(value));
            }
        }
        try {
            config.update(tree -> changes.forEach(tree.withObjectProperty("PluginSettings")::put));
        } catch (io.pluginconsole.config.ConfigException e) {
            audit.record(ctx, "updateConfig", null, null, false, "plugin management settings");
            done(ctx, principal, false, "Settings were not saved. " + e.getMessage());
            return;
        }
        audit.record(ctx, "updateConfig", null, null, true, "plugin management settings");
        done(ctx, principal, true, "Settings saved.");
    }

    private void upload(Context ctx) throws Exception {
        // ConsoleGate checked the token from the query string, before the multipart body is read.
        Principal principal = ConsoleGate.administrator(ctx);
        if (!uploadView(config.current().pluginSettings()).enabled()) {
            done(ctx, principal, false, uploadView(config.current().pluginSettings()).help());
            return;
        }
        plugins.requireRoomForUpload(ctx.req().getContentLengthLong());
        List<UploadedFile> files = ctx.uploadedFiles("plugin");
        if (files.size() != 1 || files.get(0).size() == 0) {
            done(ctx, principal, false, "Choose one plugin file (.tar.gz) to upload.");
            return;
        }
        UploadedFile file = files.get(0);
        String fileName = file.filename() == null ? "plugin.tar.gz" : file.filename();
        byte[] signature;
        List<UploadedFile> signatures = ctx.uploadedFiles("signature");
        if (signatures.size() > 1 || (!signatures.isEmpty()
                && signatures.get(0).size() > SignatureVerifier.MAX_SIGNATURE_BYTES)) {
            done(ctx, principal, false, "Choose at most one signature file (.sig or .asc) for the bundle.");
            return;
        }
        if (signatures.isEmpty() || signatures.get(0).size() == 0) {
            signature = null;
        } else {
            try (InputStream in = signatures.get(0).content()) {
                signature = in.readAllBytes();
            }
        }
        if (signature == null && plugins.signaturesRequired()) {
            audit.record(ctx, "uploadPlugin", null, null, false, "unsigned upload refused");
            done(ctx, principal, false, "Unable to upload " + fileName + ": Require Plugin Signature is on, so "
                    + "choose the bundle's signature file (.sig) too.");
            return;
        }
        StagedBundle staged;
        try (InputStream in = file.content()) {
            staged = plugins.stage(in);
        } catch (PluginException e) {
            audit.record(ctx, "uploadPlugin", null, null, false, e.id());
            done(ctx, principal, false, uploadError(e));
            return;
        }
        try {
            InstallResult result = plugins.installStaged(staged, signature, InstallMode.IF_NEW, InstallSource.UPLOAD);
            staged.close();
            audit.record(ctx, "uploadPlugin", result.plugin().id(), staged.sha256(), true, "installed");
            done(ctx, principal, true, "Successfully uploaded plugin from " + fileName);
        } catch (PluginConflictException c) {
            review(ctx, principal, staged, signature, PendingReviews.Origin.UPLOAD, fileName);
        } catch (PluginException e) {
            staged.close();
            audit.record(ctx, "uploadPlugin", null, staged.sha256(), false, e.id());
            done(ctx, principal, false, uploadError(e));
        }
    }

    /**
     * Keeps a staged bundle that hit an installed id for the administrator to review, described
     * by its own manifest, and opens the dialog for it.
     */
    private void review(Context ctx, Principal principal, StagedBundle staged, byte[] signature,
                        PendingReviews.Origin origin, String source) {
        Manifest manifest;
        try {
            manifest = plugins.inspect(staged);
        } catch (PluginException e) {
            staged.close();
            done(ctx, principal, false, uploadError(e));
            return;
        }
        PendingReviews.Review r = reviews.add(principal.session().id(), staged, signature, origin, source,
                manifest.id(), manifest.displayName(), manifest.version());
        redirect(ctx, PATH + "?overwrite=" + enc(r.token()));
    }

    /**
     * "Overwrite": installs the reviewed staged file, and only if the confirmation names the
     * SHA-256 that was shown and the file still hashes to it. The review is used up either way.
     */
    private void overwrite(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        PendingReviews.Review r = reviews.take(principal.session().id(), ctx.pathParam("token"));
        if (r == null) {
            audit.record(ctx, "uploadPlugin", null, null, false, "overwrite review not pending");
            done(ctx, principal, false, "Nothing was installed: this overwrite is not pending for your session. It "
                    + "was already confirmed or cancelled, it expired (reviews last 10 minutes), or it was started "
                    + "in another sign-in. Upload the file or install from the URL again.");
            return;
        }
        String action = r.origin() == PendingReviews.Origin.URL ? "installPluginFromUrl" : "uploadPlugin";
        String sha = r.bundle().sha256();
        try {
            String posted = ctx.formParam("sha256");
            if (posted == null || !posted.strip().equalsIgnoreCase(sha)) {
                audit.record(ctx, action, r.pluginId(), sha, false, "confirmed SHA-256 differs from the reviewed one");
                done(ctx, principal, false, "Nothing was installed: the confirmation did not name the SHA-256 of the "
                        + "reviewed bundle (" + sha + "). Upload the file or install from the URL again and confirm "
                        + "the bundle shown.");
                return;
            }
            if (!r.bundle().unchanged()) {
                audit.record(ctx, action, r.pluginId(), sha, false, "staged bundle changed after review");
                done(ctx, principal, false, "Nothing was installed: the staged bundle no longer has the SHA-256 that "
                        + "was reviewed (" + sha + "). Upload the file or install from the URL again.");
                return;
            }
            InstallResult result = plugins.installStaged(r.bundle(), r.signature(), InstallMode.ALWAYS,
                    r.origin() == PendingReviews.Origin.URL ? InstallSource.url(r.source()) : InstallSource.UPLOAD);
            audit.record(ctx, action, result.plugin().id(), sha, true, "replaced " + result.previousVersion()
                    + (r.origin() == PendingReviews.Origin.URL ? " from " + r.source() : ""));
            done(ctx, principal, true, "Successfully updated plugin from " + r.source());
        } catch (PluginException e) {
            audit.record(ctx, action, r.pluginId(), sha, false, e.id());
            done(ctx, principal, false, uploadError(e));
        } finally {
            r.bundle().close();
        }
    }

    private void cancel(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        PendingReviews.Review r = reviews.take(principal.session().id(), ctx.pathParam("token"));
        if (r != null) {
            r.bundle().close();
        }
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    /**
     * Downloads into staging first, then installs only if the id is new; an installed id leads to
     * the same server-side review as an upload.
     */
    private void installFromUrl(Context ctx) {
        Principal principal = ConsoleGate.administrator(ctx);
        if (!uploadView(config.current().pluginSettings()).urlEnabled()) {
            done(ctx, principal, false, uploadView(config.current().pluginSettings()).help());
            return;
        }
        String url = ctx.formParam("url") == null ? "" : ctx.formParam("url").strip();
        StagedBundle staged;
        try {
            staged = plugins.stageFromUrl(url);
        } catch (PluginException e) {
            audit.record(ctx, "installPluginFromUrl", null, null, false, e.id() + " " + url);
            failedUrl(ctx, principal, e.getMessage(), url);
            return;
        }
        try {
            InstallResult result = plugins.installStaged(staged, null, InstallMode.IF_NEW, InstallSource.url(url));
            staged.close();
            audit.record(ctx, "installPluginFromUrl", result.plugin().id(), staged.sha256(), true, url);
            done(ctx, principal, true, "Successfully installed plugin from " + url);
        } catch (PluginConflictException c) {
            review(ctx, principal, staged, null, PendingReviews.Origin.URL, url);
        } catch (PluginException e) {
            staged.close();
            audit.record(ctx, "installPluginFromUrl", null, staged.sha256(), false, e.id() + " " + url);
            failedUrl(ctx, principal, e.getMessage(), url);
        }
    }

    /** What a plugin row's buttons do. */
    private enum RowAction {
        ENABLE("enablePlugin"), DISABLE("disablePlugin"), REMOVE("removePlugin");

        final String auditName;

        RowAction(String auditName) {
            this.auditName = auditName;
        }
    }

    private void change(Context ctx, RowAction action) {
        Principal principal = ConsoleGate.administrator(ctx);
        String id = ctx.pathParam("plugin_id");
        String sha = plugins.find(id).map(p -> p.plugin().record() == null ? null : p.plugin().record().sha256())
                .orElse(null);
        String sessionId = principal.session().id();
        try {
            switch (action) {
                case ENABLE -> {
                    // A plugin may take its whole start timeout: the page waits briefly, then says
                    // "Starting", and the outcome arrives as the next message when the start ends.
                    boolean ended = starts.run(() -> plugins.enable(id), () -> flash.put(sessionId, outcome(id)));
                    if (!ended) {
                        audit.record(ctx, action.auditName, id, sha, true, "console");
                        done(ctx, principal, true, "Starting " + displayName(id)
                                + "... This page shows the outcome when the start has ended.");
                        return;
                    }
                }
                case DISABLE -> plugins.disable(id);
                case REMOVE -> plugins.remove(id);
            }
            audit.record(ctx, action.auditName, id, sha, true, "console");
            if (action == RowAction.ENABLE) {
                flash.put(sessionId, outcome(id));
                redirect(ctx, PATH);
                return;
            }
            done(ctx, principal, true, action == RowAction.DISABLE ? "Disabled " + displayName(id) + "."
                    : "Removed " + id + ".");
        } catch (PluginException e) {
            audit.record(ctx, action.auditName, id, sha, false, e.id());
            done(ctx, principal, false, e.getMessage());
        } catch (BriefWait.Busy e) {
            done(ctx, principal, false, e.getMessage());
        }
    }

    private String displayName(String id) {
        return plugins.find(id).map(p -> p.plugin().manifest().displayName()).orElse(id);
    }

    /** How an enable ended: running (or enabled), or enabled but failed to start, and why. */
    private Flash.Message outcome(String id) {
        Optional<PluginInfo> after = plugins.find(id);
        String name = displayName(id);
        PluginState state = after.map(p -> p.status().state()).orElse(PluginState.NOT_RUNNING);
        if (state == PluginState.FAILED_TO_START || state == PluginState.CRASHING) {
            return new Flash.Message(false, name + " is enabled but failed to start. "
                    + reason(after.get().status().error()) + " Its own output is on Server Logs.");
        }
        return new Flash.Message(true, "Enabled " + name + ".");
    }

    /** Mattermost's wording for upload errors, followed by what exactly was wrong. */
    static String uploadError(PluginException e) {
        if (e.id().equals(ErrorIds.EXTRACT)) {
            return "Encountered an error when extracting the plugin. Review your plugin file content and try again. "
                    + e.getMessage();
        }
        return e.getMessage();
    }

    /** A failed install from URL: the message, and the address typed, shown again in the form. */
    private void failedUrl(Context ctx, Principal principal, String message, String url) {
        flash.put(principal.session().id(), new Flash.Message(false, message, url));
        redirect(ctx, PATH);
    }

    private void done(Context ctx, Principal principal, boolean success, String message) {
        flash.put(principal.session().id(), success, message);
        redirect(ctx, PATH);
    }

    /**
     * A redirect, except for the page's script upload: XMLHttpRequest follows redirects itself, so
     * the one-shot message would be used up before the browser shows the page. The script gets
     * the path to open instead.
     */
    private static void redirect(Context ctx, String target) {
        if ("XMLHttpRequest".equals(ctx.header("X-Requested-With"))) {
            ctx.status(HttpStatus.OK).contentType("text/plain; charset=utf-8").result(target);
        } else {
            ctx.redirect(target, HttpStatus.SEE_OTHER);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

}
