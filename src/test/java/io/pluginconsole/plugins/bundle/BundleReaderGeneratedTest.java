package io.pluginconsole.plugins.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.bundle.UnpackSafetyCheck.Outcome;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * For hundreds of generated hostile archives (names, entry types and modes) and random bytes,
 * from fixed seeds, the bundle reader either unpacks a safe tree within its limits or refuses
 * with its own error, never anything else. {@link BundleReaderFuzzTest} explores the same space
 * guided by coverage.
 */
class BundleReaderGeneratedTest {
    private static final int CASES = 400;
    private static UnpackSafetyCheck check;

    @BeforeAll
    static void createCheck() throws IOException {
        check = UnpackSafetyCheck.create();
    }

    @AfterAll
    static void deleteCheck() throws IOException {
        check.close();
    }

    @Test
    void generatedArchivesAreUnpackedSafelyOrRefused() throws IOException {
        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        int tight = 0;
        for (long seed = 1; seed <= CASES; seed++) {
            HostileBundles.Case bundle = HostileBundles.archive(Choices.seeded(seed));
            if (bundle != null) {
                Outcome outcome = check.check(bundle);
                seen.merge(outcome, 1, Integer::sum);
                if (outcome == Outcome.UNPACKED_FILES && bundle.limits() == HostileBundles.TIGHT) {
                    tight++;
                }
            }
        }
        // The cases must reach both sides of the checks, or passing would prove nothing.
        assertThat(seen.getOrDefault(Outcome.REFUSED, 0)).as("refused, of %s", seen).isGreaterThan(CASES / 4);
        assertThat(seen.getOrDefault(Outcome.UNPACKED_FILES, 0)).as("unpacked, of %s", seen).isGreaterThan(CASES / 20);
        assertThat(tight).as("unpacked under tight limits").isGreaterThan(CASES / 80);
    }

    @Test
    void randomBytesNeverEscapeTheReader() throws IOException {
        for (long seed = 1; seed <= CASES; seed++) {
            Choices choices = Choices.seeded(seed);
            check.check(HostileBundles.noise(choices, choices.flag()));
        }
    }
}
