package io.pluginconsole.plugins.install;

import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import io.pluginconsole.testing.Workspace;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: installs a bundle with force and, on reaching the
 * named step, says so on stdout and waits to be killed.
 */
public final class InstallUntilKilled {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path bundle = Path.of(args[1]);
        String stopAt = args[2];
        Workspace ws = new Workspace(root);
        InstallSteps pause = step -> {
            if (step.equals(stopAt)) {
                System.out.println("AT " + step);
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ws.open(new OfflineRuntime(), BundleLimits.defaults(), pause);
        try (InputStream in = Files.newInputStream(bundle)) {
            ws.plugins().install(in, InstallMode.ALWAYS, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
        }
        System.out.println("FINISHED");
    }
}
