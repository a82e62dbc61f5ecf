package io.pluginconsole.plugins.runtime;

import io.pluginconsole.plugins.bundle.ManifestParser;
import java.nio.file.Path;
import java.time.Duration;

/** Child process of {@link OrphanTest}: starts one plugin, prints its pid, then waits to be killed. */
public final class RunPluginUntilKilled {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        ProcessRuntime runtime = new ProcessRuntime(new WebappBundles(folder.resolveSibling("client")),
                RuntimeOptions.defaults(Duration.ofSeconds(10), "").withStopGrace(Duration.ofSeconds(2)));
        runtime.activate("orphan", folder, ManifestParser.find(folder).manifest());
        System.out.println("PID " + runtime.process("orphan").pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
