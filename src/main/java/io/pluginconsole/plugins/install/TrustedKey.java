package io.pluginconsole.plugins.install;

import java.time.Instant;
import java.util.Locale;

/**
 * A public key installs are checked against: the built-in Mattermost key or one named in
 * PluginSettings.SignaturePublicKeyFiles. {@code fingerprint} is the primary key's v4
 * fingerprint in upper-case hex without spaces; {@code problem} is set (and the rest may be
 * empty) when a configured key file cannot be read.
 */
public record TrustedKey(String name, String fingerprint, String uid, Instant created, boolean builtIn,
                         String problem) {

    /** "C558 81B8 0F69 E863 B85A  D5D1 D1B5 4B47 A5CE FEC4", as gpg prints it. */
    public String spacedFingerprint() {
        return spaced(fingerprint);
    }

    /** The last 16 hex digits (the long key id), e.g. "D1B5 4B47 A5CE FEC4". */
    public String shortFingerprint() {
        return shortOf(fingerprint);
    }

    public static String spaced(String fingerprint) {
        if (fingerprint == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fingerprint.length(); i += 4) {
            if (i > 0) {
                out.append(i == fingerprint.length() / 2 && fingerprint.length() == 40 ? "  " : " ");
            }
            out.append(fingerprint, i, Math.min(i + 4, fingerprint.length()));
        }
        return out.toString();
    }

    public static String shortOf(String fingerprint) {
        if (fingerprint == null || fingerprint.length() < 16) {
            return spaced(fingerprint);
        }
        return spaced(fingerprint.substring(fingerprint.length() - 16));
    }

    /** Upper-case hex with spaces removed, for comparing what a person typed with a fingerprint. */
    public static String normalise(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replace(" ", "").replace("0x", "").toUpperCase(Locale.ROOT);
    }
}
