package io.pluginconsole.plugins.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * How plugins are run: start timeout, stop grace period, the site URL handed to plugins, the
 * crash rule, the health-check interval, and live views of the settings each plugin receives and
 * of {@code PluginSettings.EnableHealthCheck}.
 */
public record RuntimeOptions(Duration startTimeout, Duration stopGrace, String siteUrl, CrashPolicy crashes,
                             Duration healthInterval, Function<String, Map<String, Object>> settings,
                             BooleanSupplier healthCheckEnabled) {

    /** Mattermost's defaults except the start timeout; no plugin settings; health checks on. */
    public static RuntimeOptions defaults(Duration startTimeout, String siteUrl) {
        return new RuntimeOptions(startTimeout, Duration.ofSeconds(5), siteUrl, CrashPolicy.mattermost(),
                Duration.ofSeconds(30), id -> Map.of(), () -> true);
    }

    public RuntimeOptions withHealthInterval(Duration interval) {
        return new RuntimeOptions(startTimeout, stopGrace, siteUrl, crashes, interval, settings, healthCheckEnabled);
    }

    public RuntimeOptions withStopGrace(Duration grace) {
        return new RuntimeOptions(startTimeout, grace, siteUrl, crashes, healthInterval, settings, healthCheckEnabled);
    }

    public RuntimeOptions withSettings(Function<String, Map<String, Object>> source) {
        return new RuntimeOptions(startTimeout, stopGrace, siteUrl, crashes, healthInterval, source,
                healthCheckEnabled);
    }

    public RuntimeOptions withHealthCheckEnabled(BooleanSupplier enabled) {
        return new RuntimeOptions(startTimeout, stopGrace, siteUrl, crashes, healthInterval, settings, enabled);
    }
}
