package io.pluginconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void livesUnderXdgConfigHomeElseUnderDotConfig() {
        assertThat(Credentials.defaultFile(Map.of("XDG_CONFIG_HOME", "/srv/conf"), "/home/ann"))
                .isEqualTo(Path.of("/srv/conf/plugin-console/credentials.json"));
        assertThat(Credentials.defaultFile(Map.of(), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/plugin-console/credentials.json"));
        // The XDG spec says empty and relative values are ignored.
        assertThat(Credentials.defaultFile(Map.of("XDG_CONFIG_HOME", ""), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/plugin-console/credentials.json"));
        assertThat(Credentials.defaultFile(Map.of("XDG_CONFIG_HOME", "conf"), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/plugin-console/credentials.json"));
    }

    @Test
    void keepsSeveralServersWithOneCurrent() {
        Credentials credentials = new Credentials(tmp.resolve("plugin-console/credentials.json"));
        assertThat(credentials.current()).isEmpty();
        var prod = new Credentials.Server("prod", "https://prod", "ann", "t1", Credentials.PASSWORD);
        var test = new Credentials.Server("test", "https://test", "bob", "t2", Credentials.ACCESS_TOKEN);
        credentials.store(prod);
        credentials.store(test);
        assertThat(credentials.current()).contains(test);

        var relogin = new Credentials.Server("prod", "https://prod", "ann", "t3", Credentials.PASSWORD);
        credentials.store(relogin);
        assertThat(credentials.read().servers()).containsExactly(test, relogin);
        assertThat(credentials.current()).contains(relogin);

        assertThat(credentials.use("test")).contains(test);
        assertThat(credentials.remove("test")).contains(test);
        assertThat(credentials.current()).isEmpty();
        assertThat(credentials.named("prod")).contains(relogin);
        assertThat(credentials.remove("test")).isEmpty();
    }
}
