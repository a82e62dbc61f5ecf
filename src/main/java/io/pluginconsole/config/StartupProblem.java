package io.pluginconsole.config;

/**
 * A configured folder the server could not create or write when it started, with everything an
 * administrator needs to fix it: which folder, why, as which OS user, and which setting to change.
 *
 * @param action      "create" when the folder could not be made, "write to" when it exists but is read-only
 * @param what        what the folder is for, e.g. "plugins folder"
 * @param folder      the folder's absolute path
 * @param reason      why it failed, e.g. "permission denied"
 * @param user        the OS user the server runs as
 * @param setting     the setting that names the folder, e.g. "PluginSettings.ClientDirectory"
 * @param configFile  where that setting is kept
 * @param workingDir  the folder relative paths are resolved against
 * @param blocksPlugins whether plugins cannot be installed or changed until it is fixed
 */
public record StartupProblem(String action, String what, String folder, String reason, String user, String setting,
                             String configFile, String workingDir, boolean blocksPlugins) {

    /** The one-paragraph explanation shown on the console and written to the log. */
    public String fixText() {
        return "Plugin Console cannot " + action + " the " + what + " " + folder + " (" + reason + ") as user '" + user
                + "'. Give that user write access to the folder, or set " + setting + " in " + configFile
                + " to a writable folder (relative paths are resolved against the working directory " + workingDir
                + ").";
    }
}
