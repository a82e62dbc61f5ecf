package io.pluginconsole.plugins.bundle;

import com.github.zafarkhaja.semver.Version;
import java.util.Locale;
import java.util.Optional;

/** What replacing an installed version with another does, by semantic version order. */
public enum VersionDirection {
    UPGRADE, DOWNGRADE, SAME,
    /** Either version is missing or not a semantic version, so the two cannot be ordered. */
    UNKNOWN;

    public static VersionDirection of(String installed, String incoming) {
        Optional<Version> from = ServerVersion.parse(installed);
        Optional<Version> to = ServerVersion.parse(incoming);
        if (from.isEmpty() || to.isEmpty()) {
            return UNKNOWN;
        }
        int c = to.get().compareTo(from.get());
        return c > 0 ? UPGRADE : c < 0 ? DOWNGRADE : SAME;
    }

    /** The lower-case name pages and scripts use ("upgrade", "downgrade", "same", "unknown"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
