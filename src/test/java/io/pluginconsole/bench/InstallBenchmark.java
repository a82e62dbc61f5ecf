package io.pluginconsole.bench;

import io.pluginconsole.app.PluginConsole;
import io.pluginconsole.config.EnvOverrides;
import io.pluginconsole.config.FileConfigStore;
import io.pluginconsole.plugins.PluginService;
import io.pluginconsole.plugins.bundle.BundleLimits;
import io.pluginconsole.plugins.install.InstallMode;
import io.pluginconsole.plugins.install.InstallSteps;
import io.pluginconsole.plugins.runtime.OfflineRuntime;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Installs one bundle through the real pipeline (stage, unpack, switch, store) several times in a
 * fresh working folder and prints the median time and this process's peak RSS. Run by
 * bench/install.sh, which measures tar -xzf of the same file beside it.
 *
 * <p>Arguments: bundle file, working folder, repetitions, warm-up installs.
 */
public final class InstallBenchmark {
    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int repetitions = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        FileConfigStore config = new FileConfigStore(work.resolve("config/config.json"),
                new EnvOverrides(Map.of("MM_FILESETTINGS_MAXFILESIZE", String.valueOf(4L << 30))));
        PluginService plugins = PluginConsole.build(config, work, new OfflineRuntime(), BundleLimits.defaults(),
                InstallSteps.NONE).plugins();
        int warmUps = Integer.parseInt(args[3]);
        for (int i = 0; i < warmUps; i++) {
            install(plugins, bundle); // class loading and JIT, as in a running server; not measured
        }
        long[] millis = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            install(plugins, bundle);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.println("install_ms=" + millis[repetitions / 2]);
        System.out.println("peak_rss_kb=" + peakRssKb());
    }

    private static void install(PluginService plugins, Path bundle) throws Exception {
        try (InputStream in = Files.newInputStream(bundle)) {
            plugins.install(in, InstallMode.ALWAYS, io.pluginconsole.plugins.install.InstallSource.UPLOAD);
        }
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
