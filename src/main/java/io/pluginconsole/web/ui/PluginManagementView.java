package io.pluginconsole.web.ui;

import java.util.List;

/**
 * Everything the Plugin Management page shows; templates see only this, never domain objects.
 * No component name starts with "set": Thymeleaf's OGNL takes such accessors for setters and
 * cannot read them ({@code view.settings} fails with NoSuchPropertyException).
 */
public record PluginManagementView(
        String csrf,
        String username,
        Flash.Message flash,
        Settings pluginSettings,
        Upload upload,
        List<Row> plugins,
        int installedCount,
        String query,
        List<FilterChip> filters,
        String stateFilter,
        Overwrite overwrite,
        Remove remove,
        List<String> alerts,
        List<StartupProblemView> startupProblems,
        Pager pager) {

    /**
     * Links to the pages of a list longer than one page: {@code summary} says which rows are shown;
     * previous and next are null at the ends.
     */
    public record Pager(String summary, List<PageLink> pages, String previousHref, String nextHref) {
    }

    /** One page link; number 0 is a gap between distant page numbers. */
    public record PageLink(int number, String href, boolean current) {
        public boolean gap() {
            return number == 0;
        }
    }

    /** The page's switches; {@code locked} names settings fixed by the environment. */
    public record Settings(boolean enable, boolean requireSignature, boolean automaticPrepackaged,
                           boolean enableUploads, boolean enableLocked, boolean signatureLocked,
                           boolean prepackagedLocked, boolean uploadsLocked) {
    }

    /**
     * The upload and URL forms: whether they work, why not, and the size limit. With
     * {@code signatureRequired} an upload needs its signature file and the URL form is off.
     */
    public record Upload(boolean enabled, String help, String maxSize, long maxBytes, String action,
                         boolean signatureRequired, boolean urlEnabled) {
    }

    /**
     * One plugin. {@code stateKind} is info, success, warning or danger. A pre-packaged plugin has
     * no Remove link; {@code removeNote} says why.
     */
    public record Row(String id, String name, String version, String description, int state, String stateLabel,
                      String stateDescription, String stateKind, boolean enabled, boolean hasSettings,
                      boolean manual, List<String> warnings, String homepageUrl, String toggleAction,
                      String removeHref, String configureHref, boolean prepackaged, String removeNote,
                      Signature signature, String releaseNotesUrl, String logsHref, List<String> stderr) {
        /** Mattermost's "(id - version)", or "(id)" for a manifest without a version. */
        public String idText() {
            return version.isEmpty() ? "(" + id + ")" : "(" + id + " - " + version + ")";
        }

        /** Failed or crashing: the reason is shown in a box of its own. */
        public boolean problem() {
            return state == 3 || state == 4;
        }

        /** The keys of the state filters this row matches, for the page's live filter. */
        public String tags() {
            StringBuilder out = new StringBuilder();
            for (PluginFilter f : PluginFilter.values()) {
                if (f != PluginFilter.ALL && f.matches(this)) {
                    out.append(out.length() == 0 ? "" : " ").append(f.key);
                }
            }
            return out.toString();
        }
    }

    /** A state filter with how many plugins it matches; {@code href} works without script. */
    public record FilterChip(String key, String label, int count, String href, boolean active) {
    }

    /**
     * Who signed an installed plugin: {@code signed} false means it was installed without a
     * signature; {@code text} is "Signed by D1B5 4B47 A5CE FEC4 (uid)" or "Unsigned"; {@code
     * fingerprint} is the full one; {@code changed} warns that the previous version had another signer.
     */
    public record Signature(boolean signed, String text, String fingerprint, String changed) {
    }

    /**
     * The "Overwrite existing plugin?" dialog, all of it from server-side state: the staged
     * bundle's own manifest and SHA-256 ({@code uploaded*}), the installed plugin's manifest and
     * install record ({@code installed*}; SHA-256 "unknown" for a plugin unpacked by hand), and the
     * source (file name or URL). The confirmation posts {@code uploadedSha256} back.
     */
    public record Overwrite(String action, String cancelAction, String source, String pluginId,
                            String installedName, String installedVersion, String installedSha256,
                            String uploadedName, String uploadedVersion, String uploadedSha256,
                            String direction, String warning) {
    }

    /** The "Remove plugin?" dialog. */
    public record Remove(String id, String name, String action) {
    }
}
