package io.pluginconsole.cli;

import io.pluginconsole.plugins.PluginInfo;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.pluginconsole.plugins.bundle.ManifestJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --local}: works on the configured plugins folder and file store of a stopped server. */
final class LocalPluginTarget implements PluginTarget {
    private final PluginService plugins;

    LocalPluginTarget(PluginService plugins) {
        this.plugins = plugins;
    }

    @Override
    public void add(Path bundle, Path signature, boolean force) throws IOException {
        byte[] signatureBytes = null;
        if (signature != null) {
            if (Files.size(signature) > SignatureVerifier.MAX_SIGNATURE_BYTES) {
                throw new IOException("the signature file " + signature + " is too large to be a signature");
            }
            signatureBytes = Files.readAllBytes(signature);
        }
        try (InputStream in = Files.newInputStream(bundle)) {
            plugins.install(in, signatureBytes, mode(force), io.pluginconsole.plugins.install.InstallSource.CLI);
        }
    }

    @Override
    public String installFromUrl(String url, boolean force) {
        return plugins.installFromUrl(url, mode(force), io.pluginconsole.plugins.install.InstallSource.url(url)).plugin().manifest().displayName();
    }

    @Override
    public void enable(String id) {
        plugins.enable(id);
    }

    @Override
    public void disable(String id) {
        plugins.disable(id);
    }

    @Override
    public void delete(String id) {
        plugins.remove(id);
    }

    /** Offline nothing runs, so the lists follow the configured enabled state. */
    @Override
    public Listing list() {
        List<PluginInfo> all = plugins.list();
        List<PluginInfo> enabled = all.stream().filter(PluginInfo::enabled).toList();
        List<PluginInfo> disabled = all.stream().filter(p -> !p.enabled()).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active", enabled.stream().map(p -> ManifestJson.of(p.plugin().manifest())).toList());
        json.put("inactive", disabled.stream().map(p -> ManifestJson.of(p.plugin().manifest())).toList());
        return new Listing(enabled.stream().map(LocalPluginTarget::entry).toList(),
                disabled.stream().map(LocalPluginTarget::entry).toList(), json);
    }

    private static Entry entry(PluginInfo plugin) {
        String version = plugin.plugin().manifest().version();
        return new Entry(plugin.id(), plugin.plugin().manifest().displayName(), version == null ? "" : version,
                plugin.manual() ? " (manually installed)" : plugin.prepackaged() ? " (pre-packaged)" : "");
    }

    private static InstallMode mode(boolean force) {
        return force ? InstallMode.ALWAYS : InstallMode.IF_NEW;
    }
}
