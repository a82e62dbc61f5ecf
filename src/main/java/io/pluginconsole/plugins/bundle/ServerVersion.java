package io.pluginconsole.plugins.bundle;

import com.github.zafarkhaja.semver.Version;
import java.util.Optional;

/**
 * The Mattermost server version this product is compatible with: it is compared with each
 * manifest's {@code min_server_version} and reported in {@code X-Version-Id}.
 */
public final class ServerVersion {
    public static final String COMPATIBLE = "11.9.0";

    private ServerVersion() {
    }

    /** Strict semantic version ("1.2.3", "1.2.3-rc.1"), as Mattermost's checks use. */
    public static Optional<Version> parse(String text) {
        return text == null ? Optional.empty() : Version.tryParse(text.trim(), true);
    }
}
