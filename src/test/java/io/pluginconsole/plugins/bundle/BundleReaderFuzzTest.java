package io.pluginconsole.plugins.bundle;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the bundle reader: the fuzzer's input drives the same generator as
 * {@link BundleReaderGeneratedTest} (hostile archives, raw noise, gzipped noise that reaches the
 * tar parser), and every outcome must pass {@link UnpackSafetyCheck}.
 *
 * <p>{@code mvn verify} fuzzes it for a bounded time in a JVM of its own (the pom's
 * fuzz-bundle-reader execution sets JAZZER_FUZZ); the ordinary test run leaves it out. Run alone
 * without JAZZER_FUZZ, it only replays the inputs in BundleReaderFuzzTestInputs (test resources).
 */
class BundleReaderFuzzTest {
    private static UnpackSafetyCheck check;

    @BeforeAll
    static void createCheck() throws IOException {
        check = UnpackSafetyCheck.create();
    }

    @AfterAll
    static void deleteCheck() throws IOException {
        check.close();
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"../", "./", "/", "..", "\\", "ustar\u000000", "ustar  \u0000", "path=", "linkpath=",
        "././@LongLink", "plugin.json", ".plugin-console.json"})
    void fuzzedBundlesAreUnpackedSafelyOrRefused(FuzzedDataProvider data) throws IOException {
        HostileBundles.Case bundle = HostileBundles.any(Choices.fuzzed(data));
        if (bundle != null) {
            check.check(bundle);
        }
    }
}
