package io.pluginconsole.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Real plugin bundles whose server part is {@link HttpTestPlugin}, started by a shell script. */
public final class TestPlugins {
    private TestPlugins() {
    }

    /** A bundle for {@code id} running the test plugin in {@code mode}, with extra manifest fields. */
    public static TarBuilder http(String id, String mode, String extraManifest) {
        String manifest = "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"version\":\"1.0.0\""
                + ",\"server\":{\"executable\":\"server/plugin.sh\"}" + extraManifest + "}";
        return TarBuilder.plugin(id, manifest)
                .file(id + "/server/plugin.sh", script(mode).getBytes(java.nio.charset.StandardCharsets.UTF_8), 0755)
                .file(id + "/public/hello.txt", "hello from public");
    }

    public static byte[] httpBundle(String id, String mode) {
        return http(id, mode, "").tarGz();
    }

    /** The shell script that starts the test plugin with this JVM and the test classes. */
    public static String script(String mode) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return "#!/bin/sh\nexec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx48m -Dsun.net.httpserver.nodelay=true -cp '"
                + testClasses() + "' " + HttpTestPlugin.class.getName() + " " + mode + "\n";
    }

    private static Path testClasses() {
        try {
            return Path.of(HttpTestPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
