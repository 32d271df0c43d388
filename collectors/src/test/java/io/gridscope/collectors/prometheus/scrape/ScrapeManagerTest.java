package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import io.gridscope.testsupport.LoopbackServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScrapeManagerTest {
    @Test
    void downTargetReportsStatusUpZeroAndBacksOff() throws Exception {
        try (ScrapeManager manager = new ScrapeManager(Clock.systemUTC())) {
            List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
            manager.addSink(snapshots::add);
            URI down = URI.create("http://127.0.0.1:" + LoopbackServer.closedPort() + "/metrics");
            manager.add(
                    ScrapeTarget.builder("down", down)
                            .interval(Duration.ofSeconds(10))
                            .build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            TargetStatus first = manager.scrapeNow("down");
            TargetStatus second = manager.scrapeNow("down");
            assertThat(first.health()).isEqualTo(TargetStatus.Health.DOWN);
            assertThat(first.lastErrorKind()).contains(ScrapeException.Kind.UNREACHABLE);
            assertThat(first.nextScrapeEpochMillis() - first.lastScrapeEpochMillis())
                    .isEqualTo(10_000);
            assertThat(second.consecutiveFailures()).isEqualTo(2);
            assertThat(second.nextScrapeEpochMillis() - second.lastScrapeEpochMillis())
                    .isEqualTo(20_000);
            assertThat(snapshots).hasSize(2);
            Sample up = snapshots.getFirst().samples().stream()
                    .filter(s -> s.series().metric().equals(ScrapeManager.UP_METRIC))
                    .findFirst()
                    .orElseThrow();
            assertThat(up.value()).isZero();
            assertThat(up.series().labels().get("target")).contains("down");
            assertThat(second.toCollectorStatus().collectorId()).isEqualTo("prometheus:down");
            assertThat(second.toCollectorStatus().state()).isEqualTo(CollectorState.UNAVAILABLE);
            assertThat(second.lastSuccessEpochMillis()).isZero();
        }
    }

    @Test
    void warningsOfAnAcceptedPayloadReachTheSourceStatus() throws Exception {
        AtomicReference<String> body = new AtomicReference<>("""
                # TYPE ntp_offset_seconds summary
                ntp_offset_seconds_sum -0.0187
                ntp_offset_seconds_count 12
                # EOF
                """);
        try (LoopbackServer server = new LoopbackServer();
                ScrapeManager manager = new ScrapeManager(Clock.systemUTC())) {
            server.handle(
                    "/metrics",
                    ex -> LoopbackServer.respond(ex, 200, "application/openmetrics-text; version=1.0.0", body.get()));
            manager.add(
                    ScrapeTarget.builder("ntp", server.uri("/metrics")).build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            TargetStatus status = manager.scrapeNow("ntp");
            assertThat(status.up()).isTrue();
            assertThat(status.sampleCount()).isEqualTo(2);
            assertThat(status.warnings())
                    .containsExactly("line 2: counter-like sample ntp_offset_seconds_sum cannot be negative (-0.0187)"
                            + " [OpenMetrics 1.0, Summary]; ingested as Prometheus does");
            CollectorStatus shown = status.toCollectorStatus();
            assertThat(shown.state()).isEqualTo(CollectorState.OK);
            assertThat(shown.message()).isEmpty();
            assertThat(shown.warnings()).isEqualTo(status.warnings());

            body.set("# TYPE ntp_offset_seconds summary\nntp_offset_seconds_sum 0.5\n"
                    + "ntp_offset_seconds_count 12\n# EOF\n");
            assertThat(manager.scrapeNow("ntp").warnings())
                    .as("a clean scrape clears them")
                    .isEmpty();
        }
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Duration i = Duration.ofSeconds(15);
        assertThat(ScrapeManager.backoff(i, 0)).isEqualTo(i);
        assertThat(ScrapeManager.backoff(i, 1)).isEqualTo(i);
        assertThat(ScrapeManager.backoff(i, 3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(ScrapeManager.backoff(i, 10)).isEqualTo(ScrapeManager.MAX_BACKOFF);
        assertThat(ScrapeManager.backoff(Duration.ofMinutes(10), 5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(ScrapeManager.backoff(i, Integer.MAX_VALUE)).isEqualTo(ScrapeManager.MAX_BACKOFF);
    }

    @Test
    void aHangingTargetNeverDelaysAnother() throws Exception {
        AtomicInteger fastScrapes = new AtomicInteger();
        CountDownLatch fiveFast = new CountDownLatch(5);
        try (LoopbackServer server = new LoopbackServer();
                ScrapeManager manager = new ScrapeManager(Clock.systemUTC())) {
            server.handle("/slow", ex -> {
                server.hangUntilClosed();
                LoopbackServer.respond(ex, 200, "text/plain", "a 1\n");
            });
            server.handle("/fast", ex -> {
                fastScrapes.incrementAndGet();
                fiveFast.countDown();
                LoopbackServer.respond(ex, 200, "text/plain", "a 1\n");
            });
            manager.add(
                    ScrapeTarget.builder("slow", server.uri("/slow"))
                            .interval(Duration.ofSeconds(20))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            manager.add(
                    ScrapeTarget.builder("fast", server.uri("/fast"))
                            .interval(Duration.ofMillis(100))
                            .build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            manager.start();
            assertThat(fiveFast.await(10, TimeUnit.SECONDS))
                    .as("fast target scraped 5 times")
                    .isTrue();
            assertThat(fastScrapes.get()).isGreaterThanOrEqualTo(5);
            assertThat(manager.status("fast").orElseThrow().up()).isTrue();
            assertThat(manager.status("fast").orElseThrow().lastSuccessEpochMillis())
                    .isPositive();
            assertThat(manager.status("slow").orElseThrow().health()).isEqualTo(TargetStatus.Health.UNKNOWN);
            long t0 = System.nanoTime();
            manager.remove("slow"); // must not wait out the hanging scrape's 20 s timeout
            assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
            assertThat(manager.status("slow")).isEmpty();
        }
    }
}
