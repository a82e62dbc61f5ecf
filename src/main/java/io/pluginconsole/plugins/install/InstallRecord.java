package io.pluginconsole.plugins.install;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pluginconsole.plugins.bundle.BundleReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Written into each plugin folder the console installs (as Mattermost's ".filestore" flag was):
 * its presence marks the plugin as managed, and it keeps the SHA-256 of the bundle it came from
 * so the stored copy can be checked before it is ever unpacked again. Because it lives inside the
 * folder, it is swapped in with the folder in one rename. It also says which key verified the
 * bundle ({@code signed_by}, null when unsigned) and, after an upgrade, the version it replaced
 * and that version's signer, so a change of signer can be shown.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallRecord(
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("source") InstallSource source,
        @JsonProperty("installed_at") String installedAt,
        @JsonProperty("signed_by") Signer signedBy,
        @JsonProperty("previous") Previous previous) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The key that verified a bundle: primary key fingerprint (hex), its user id, and the trusted key's name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Signer(@JsonProperty("fingerprint") String fingerprint, @JsonProperty("uid") String uid,
                         @JsonProperty("key") String key) {
        public String shortFingerprint() {
            return TrustedKey.shortOf(fingerprint);
        }

        public String spacedFingerprint() {
            return TrustedKey.spaced(fingerprint);
        }
    }

    /** The version an install replaced and who had signed it (null signer: unsigned). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Previous(@JsonProperty("version") String version, @JsonProperty("signed_by") Signer signedBy) {
    }

    public static InstallRecord of(String sha256, long size, InstallSource source) {
        return of(sha256, size, source, null);
    }

    public static InstallRecord of(String sha256, long size, InstallSource source, Signer signer) {
        return new InstallRecord(sha256, size, source, Instant.now().toString(), signer, null);
    }

    public InstallRecord withPrevious(Previous replaced) {
        return new InstallRecord(sha256, size, source, installedAt, signedBy, replaced);
    }

    public boolean signed() {
        return signedBy != null;
    }

    /**
     * Whether the previous version was signed and this one is not signed by the same key (a new
     * key, or no signature at all). An unsigned previous version never counts as a change.
     */
    public boolean signerChanged() {
        if (previous == null || previous.signedBy() == null) {
            return false;
        }
        return signedBy == null || !Objects.equals(previous.signedBy().fingerprint(), signedBy.fingerprint());
    }

    public void writeTo(Path pluginFolder) throws IOException {
        Path file = pluginFolder.resolve(BundleReader.INSTALL_RECORD);
        Files.write(file, JSON.writeValueAsBytes(this));
    }

    /** The record of a plugin folder, or null for a plugin unpacked by hand. */
    public static InstallRecord readFrom(Path pluginFolder) {
        Path file = pluginFolder.resolve(BundleReader.INSTALL_RECORD);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), InstallRecord.class);
        } catch (IOException e) {
            return null;
        }
    }
}
