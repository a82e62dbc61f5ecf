package io.pluginconsole.web.api;

import io.pluginconsole.plugins.state.PluginSnapshot;
import java.util.function.Function;

/**
 * An answer derived from one plugin snapshot only, built once per snapshot version and reused
 * until the version moves. Nothing per user may go in it.
 */
final class PerSnapshot<T> {
    private record Built<T>(long version, T value) {
    }

    private final Function<PluginSnapshot, T> build;
    private volatile Built<T> last;

    PerSnapshot(Function<PluginSnapshot, T> build) {
        this.build = build;
    }

    T of(PluginSnapshot snapshot) {
        Built<T> known = last;
        if (known != null && known.version() == snapshot.version()) {
            return known.value();
        }
        T value = build.apply(snapshot);
        if (known == null || known.version() < snapshot.version()) {
            last = new Built<>(snapshot.version(), value);
        }
        return value;
    }
}
