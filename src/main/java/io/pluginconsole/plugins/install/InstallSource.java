package io.pluginconsole.plugins.install;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an installed plugin came from, as its install record keeps it. The stored spellings are
 * one word ({@code upload}, {@code cli}, {@code prepackaged}, {@code filestore}, {@code manual})
 * or a word and an address ({@code url https://...}, {@code marketplace https://...}); a spelling
 * this version does not know is kept as it was read.
 */
public record InstallSource(Kind kind, String address) {

    /** The ways a plugin reaches the plugins folder. */
    public enum Kind {
        /** Uploaded through the console or the API. */
        UPLOAD("upload"),
        /** Downloaded from an address an administrator gave. */
        URL("url"),
        /** Installed by the command line on this machine. */
        CLI("cli"),
        /** Installed from a bundle that ships with the server. */
        PREPACKAGED("prepackaged"),
        /** Installed from the shared file store by a node that did not receive the upload. */
        FILESTORE("filestore"),
        /** Downloaded from a marketplace listing. */
        MARKETPLACE("marketplace"),
        /** Unpacked into the plugins folder by hand: there is no install record. */
        MANUAL("manual"),
        /** A spelling this version does not know. */
        OTHER("");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public static final InstallSource UPLOAD = new InstallSource(Kind.UPLOAD, null);
    public static final InstallSource CLI = new InstallSource(Kind.CLI, null);
    public static final InstallSource PREPACKAGED = new InstallSource(Kind.PREPACKAGED, null);
    public static final InstallSource FILESTORE = new InstallSource(Kind.FILESTORE, null);
    public static final InstallSource MANUAL = new InstallSource(Kind.MANUAL, null);

    public InstallSource {
        Objects.requireNonNull(kind, "kind");
        if (address != null && address.isBlank()) {
            address = null;
        }
    }

    /** Downloaded from {@code address}. */
    public static InstallSource url(String address) {
        return new InstallSource(Kind.URL, address);
    }

    /** Downloaded from a marketplace at {@code address}. */
    public static InstallSource marketplace(String address) {
        return new InstallSource(Kind.MARKETPLACE, address);
    }

    /** Reads a stored spelling; null or blank reads as unknown. */
    @JsonCreator
    public static InstallSource parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new InstallSource(Kind.OTHER, null);
        }
        String text = stored.strip();
        int space = text.indexOf(' ');
        String word = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? null : text.substring(space + 1).strip();
        for (Kind kind : Kind.values()) {
            if (kind != Kind.OTHER && kind.word.equals(word)) {
                return new InstallSource(kind, rest);
            }
        }
        return new InstallSource(Kind.OTHER, text);
    }

    /** The stored spelling, as {@link #parse} reads it back. */
    @JsonValue
    public String stored() {
        if (kind == Kind.OTHER) {
            return address == null ? "" : address;
        }
        return address == null ? kind.word : kind.word + " " + address;
    }

    public boolean is(Kind other) {
        return kind == other;
    }

    @Override
    public String toString() {
        return stored();
    }
}
