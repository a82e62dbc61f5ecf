package io.pluginconsole.plugins.install;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pluginconsole.plugins.bundle.BundleReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Written into each plugin folder the console installs (as Mattermost's ".filestore" flag was):
 * its presence marks the plugin as managed, and it keeps the SHA-256 of the bundle it came from
 * so the stored copy can be checked before it is ever unpacked again. Because it lives inside the
 * folder, it is swapped in with the folder in one rename.
 */
public record InstallRecord(
        @JsonProperty("sha256") String sha256,
        @JsonProperty("size") long size,
        @JsonProperty("source") String source,
        @JsonProperty("installed_at") String installedAt) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public static InstallRecord of(String sha256, long size, String source) {
        return new InstallRecord(sha256, size, source, Instant.now().toString());
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
