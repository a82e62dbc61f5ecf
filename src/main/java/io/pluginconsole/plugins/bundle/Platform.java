package io.pluginconsole.plugins.bundle;

import java.util.Locale;

/** This host's platform key in Mattermost's {@code server.executables} form, e.g. "linux-amd64". */
public final class Platform {
    private Platform() {
    }

    public static String current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String goos = os.contains("win") ? "windows" : os.contains("mac") ? "darwin"
                : os.contains("freebsd") ? "freebsd" : "linux";
        String goarch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return goos + "-" + goarch;
    }
}
