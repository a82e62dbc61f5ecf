package io.pluginconsole.plugins.install;

/** Mattermost's install strategies. */
public enum InstallMode {
    /** Refuse when a plugin with the id is installed (upload and URL without force). */
    IF_NEW,
    /** Replace only with a higher version (pre-packaged plugins). */
    IF_NEWER,
    /** Replace whatever is installed, downgrades included (force, file-store sync). */
    ALWAYS
}
