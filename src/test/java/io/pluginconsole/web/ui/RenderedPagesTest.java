package io.pluginconsole.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderedPagesTest {
    private final SplicedPage.Markers markers = SplicedPage.Markers.random();
    private final RenderedPages<Long, String> pages = new RenderedPages<>();

    private SplicedPage page(String text) {
        return SplicedPage.split("<p>" + text + "</p>", markers);
    }

    @Test
    void requestsForAPageBeingRenderedWaitForThatRenderingInsteadOfRenderingItAgain() throws Exception {
        AtomicInteger renderings = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SplicedPage>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> pages.get(1L, "all", () -> {
                    renderings.incrementAndGet();
                    started.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return page("one");
                })));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            SplicedPage first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<SplicedPage> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(renderings).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewGenerationRendersAgainAndAFailedRenderingIsNotKept() {
        SplicedPage one = pages.get(1L, "all", () -> page("one"));
        assertThat(pages.get(1L, "all", () -> page("again"))).isSameAs(one);
        SplicedPage two = pages.get(2L, "all", () -> page("two"));
        assertThat(two).isNotSameAs(one);
        assertThatThrownBy(() -> pages.get(2L, "other", () -> {
            throw new IllegalStateException("template broken");
        })).hasMessageContaining("template broken");
        SplicedPage other = pages.get(2L, "other", () -> page("other"));
        assertThat(new String(other.fill("t", "u"), java.nio.charset.StandardCharsets.UTF_8)).contains("other");
    }
}
