package io.pluginconsole.plugins.install;

import static io.pluginconsole.testing.TarBuilder.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.ErrorIds;
import io.pluginconsole.plugins.PluginException;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.testing.S3TestServer;
import io.pluginconsole.testing.TarBuilder;
import io.pluginconsole.testing.Workspace;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install pipeline over a real S3 server: bundles land in the bucket and another node syncs them. */
class S3InstallTest {
    static S3TestServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3TestServer();
        s3.createBucket("plugins");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static PluginService node(Path root, Map<String, String> env) {
        FileConfigStore config = new FileConfigStore(root.resolve("config/config.json"), new EnvOverrides(env));
        PluginConsole console = PluginConsole.build(config, root, new OfflineRuntime(), BundleLimits.defaults(),
                InstallSteps.NONE);
        return console.plugins();
    }

    @Test
    void bundleInstalledOnOneNodeIsSyncedByAnother(@TempDir Path one, @TempDir Path two) {
        byte[] bundle = TarBuilder.plugin("demo", manifest("demo", "1.0.0")).tarGz();
        node(one, s3.env("plugins")).install(new ByteArrayInputStream(bundle), InstallMode.IF_NEW, InstallSource.UPLOAD);

        byte[] stored = s3.raw().getObjectAsBytes(b -> b.bucket("plugins").key("plugins/demo.tar.gz")).asByteArray();
        assertThat(stored).isEqualTo(bundle);

        PluginService second = node(two, s3.env("plugins"));
        assertThat(second.syncFromFileStore().installed()).containsExactly("demo");
        assertThat(two.resolve("plugins/demo/plugin.json")).exists();
    }

    @Test
    void unreachableStoreLeavesLocalStateUnchanged(@TempDir Path root) {
        Map<String, String> env = new HashMap<>(s3.env("plugins"));
        Workspace ws = new Workspace(root);
        PluginService healthy = node(root, env);
        healthy.install(new ByteArrayInputStream(TarBuilder.plugin("kept", manifest("kept", "1.0.0")).tarGz()),
                InstallMode.IF_NEW, InstallSource.UPLOAD);
        Map<String, String> before = Workspace.snapshot(root.resolve("plugins/kept"));

        env.put("MM_FILESETTINGS_AMAZONS3ENDPOINT", "127.0.0.1:1");
        PluginService broken = node(root, env);
        assertThatThrownBy(() -> broken.install(new ByteArrayInputStream(
                TarBuilder.plugin("kept", manifest("kept", "2.0.0")).tarGz()), InstallMode.ALWAYS, InstallSource.UPLOAD))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.id()).isEqualTo(ErrorIds.STORE_BUNDLE);
                    assertThat(e.getMessage()).contains("Unable to save the plugin to the file store")
                            .contains("plugins");
                });
        assertThat(Workspace.snapshot(root.resolve("plugins/kept"))).isEqualTo(before);
        assertThat(broken.syncFromFileStore().problems()).anyMatch(p -> p.contains("nothing was synced"));
        assertThat(Workspace.snapshot(root.resolve("plugins/kept"))).isEqualTo(before);
        assertThat(ws.debris()).isEmpty();
    }
}
