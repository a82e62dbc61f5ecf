package io.pluginconsole.plugins;

/** Mattermost's error ids for plugin operations, plus ours where Mattermost has none. */
public final class ErrorIds {
    public static final String EXTRACT = "app.plugin.extract.app_error";
    public static final String MANIFEST = "app.plugin.manifest.app_error";
    public static final String INVALID_ID = "app.plugin.invalid_id.app_error";
    public static final String INSTALL_ID = "app.plugin.install_id.app_error";
    public static final String INSTALL = "app.plugin.install.app_error";
    public static final String MVDIR = "app.plugin.mvdir.app_error";
    public static final String WEBAPP_BUNDLE = "app.plugin.webapp_bundle.app_error";
    public static final String RESTART = "app.plugin.restart.app_error";
    public static final String STORE_BUNDLE = "app.plugin.store_bundle.app_error";
    public static final String SKIP_INSTALLATION = "app.plugin.skip_installation.app_error";
    public static final String INVALID_VERSION = "app.plugin.invalid_version.app_error";
    public static final String NOT_INSTALLED = "app.plugin.not_installed.app_error";
    public static final String REMOVE = "app.plugin.remove.app_error";
    public static final String REMOVE_BUNDLE = "app.plugin.remove_bundle.app_error";
    public static final String FILE_TOO_LARGE = "api.plugin.upload.file_too_large.app_error";
    public static final String DISABLED = "app.plugin.disabled.app_error";
    /** Ours: a pre-packaged plugin cannot be removed from the console or the API. */
    public static final String REMOVE_PREPACKAGED = "app.plugin.remove_prepackaged.app_error";
    /** Any failure of install from URL (refused URL or destination, HTTP error, too large, timeout, TLS). */
    public static final String DOWNLOAD_FAILED = "api.plugin.install.download_failed.app_error";
    /** Ours: the manifest asks for a newer server than this one. */
    public static final String MIN_SERVER_VERSION = "app.plugin.min_server_version.app_error";
    /** Ours: another install or removal of the same plugin is running. */
    public static final String BUSY = "app.plugin.install.busy.app_error";
    /** Ours: not enough disk space to stage or extract the bundle. */
    public static final String NO_SPACE = "app.plugin.install.no_space.app_error";

    private ErrorIds() {
    }
}
