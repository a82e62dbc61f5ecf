package io.pluginconsole.plugins.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallSourceTest {

    @Test
    void everyStoredSpellingReadsBackAsItWasWritten() {
        for (String stored : new String[] {"upload", "cli", "prepackaged", "filestore", "manual",
                "url https://example.com/a.tar.gz", "marketplace https://api.integrations.example"}) {
            assertThat(InstallSource.parse(stored).stored()).isEqualTo(stored);
        }
        assertThat(InstallSource.parse("url https://x/y.tar.gz")).isEqualTo(InstallSource.url("https://x/y.tar.gz"));
        assertThat(InstallSource.parse("prepackaged").is(InstallSource.Kind.PREPACKAGED)).isTrue();
    }

    @Test
    void olderSpellingsAreKeptAndNeverMistakenForAnotherKind() {
        InstallSource cliUrl = InstallSource.parse("cli url https://example.com/p.tar.gz");
        assertThat(cliUrl.kind()).isEqualTo(InstallSource.Kind.CLI);
        assertThat(cliUrl.stored()).isEqualTo("cli url https://example.com/p.tar.gz");
        InstallSource unknown = InstallSource.parse("uploaded-by-script");
        assertThat(unknown.kind()).isEqualTo(InstallSource.Kind.OTHER);
        assertThat(unknown.stored()).isEqualTo("uploaded-by-script");
        assertThat(InstallSource.parse("prepackagedx").kind()).isEqualTo(InstallSource.Kind.OTHER);
        assertThat(InstallSource.parse(null).kind()).isEqualTo(InstallSource.Kind.OTHER);
    }

    @Test
    void theInstallRecordKeepsTheStoredSpellingOnDisk(@TempDir Path folder) throws Exception {
        InstallRecord.of("ab", 3, InstallSource.url("https://example.com/p.tar.gz")).writeTo(folder);
        String json = Files.readString(folder.resolve(io.pluginconsole.plugins.bundle.BundleReader.INSTALL_RECORD));
        assertThat(json).contains("\"source\":\"url https://example.com/p.tar.gz\"");
        assertThat(InstallRecord.readFrom(folder).source()).isEqualTo(InstallSource.url("https://example.com/p.tar.gz"));
    }
}
