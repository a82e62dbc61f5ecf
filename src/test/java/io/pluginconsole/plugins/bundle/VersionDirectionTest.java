package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionDirectionTest {
    @Test
    void semanticVersionsAreOrdered() {
        assertThat(VersionDirection.of("1.0.1", "1.0.2")).isEqualTo(VersionDirection.UPGRADE);
        assertThat(VersionDirection.of("1.10.0", "1.9.0")).isEqualTo(VersionDirection.DOWNGRADE);
        assertThat(VersionDirection.of("2.0.0-rc.1", "2.0.0")).isEqualTo(VersionDirection.UPGRADE);
        assertThat(VersionDirection.of(" 1.0.0", "1.0.0")).isEqualTo(VersionDirection.SAME);
    }

    @Test
    void aMissingOrLooseVersionCannotBeOrdered() {
        assertThat(VersionDirection.of(null, "1.0.0")).isEqualTo(VersionDirection.UNKNOWN);
        assertThat(VersionDirection.of("1.0.0", "")).isEqualTo(VersionDirection.UNKNOWN);
        assertThat(VersionDirection.of("v1", "1.0.0")).isEqualTo(VersionDirection.UNKNOWN);
        assertThat(VersionDirection.UNKNOWN.key()).isEqualTo("unknown");
    }
}
