package io.pluginconsole.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.install.BundleStager;
import io.pluginconsole.plugins.install.StagedBundle;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged bundles waiting for review stay few: one per session, {@link PendingReviews#MAX_REVIEWS} in all. */
class PendingReviewsTest {
    @TempDir
    Path staging;

    private StagedBundle stage(int n) {
        return new BundleStager(staging).stage(new ByteArrayInputStream(("bundle " + n).getBytes()), 1000);
    }

    @Test
    void theOldestReviewGivesWayAndItsFileIsDeleted() {
        PendingReviews reviews = new PendingReviews();
        List<PendingReviews.Review> added = new ArrayList<>();
        for (int i = 0; i <= PendingReviews.MAX_REVIEWS; i++) {
            added.add(reviews.add("session-" + i, stage(i), null, PendingReviews.Origin.UPLOAD, "b.tar.gz", "demo",
                    "Demo", "1.0." + i));
        }

        assertThat(reviews.size()).isEqualTo(PendingReviews.MAX_REVIEWS);
        PendingReviews.Review oldest = added.get(0);
        assertThat(reviews.get("session-0", oldest.token())).isNull();
        assertThat(Files.exists(oldest.bundle().file())).isFalse();
        PendingReviews.Review newest = added.get(PendingReviews.MAX_REVIEWS);
        assertThat(reviews.get("session-" + PendingReviews.MAX_REVIEWS, newest.token())).isEqualTo(newest);
        assertThat(Files.exists(newest.bundle().file())).isTrue();
    }

    @Test
    void aSessionKeepsOneReview() {
        PendingReviews reviews = new PendingReviews();
        PendingReviews.Review first = reviews.add("s", stage(1), null, PendingReviews.Origin.UPLOAD, "a", "demo",
                "Demo", "1.0.0");
        PendingReviews.Review second = reviews.add("s", stage(2), null, PendingReviews.Origin.URL, "b", "demo",
                "Demo", "2.0.0");

        assertThat(reviews.size()).isEqualTo(1);
        assertThat(reviews.get("s", first.token())).isNull();
        assertThat(Files.exists(first.bundle().file())).isFalse();
        assertThat(reviews.take("other", second.token())).isNull();
        assertThat(reviews.take("s", second.token())).isEqualTo(second);
        assertThat(reviews.take("s", second.token())).isNull();
    }
}
