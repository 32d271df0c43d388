package io.gridscope.collectors.prometheus.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.MetricType;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.collectors.prometheus.scrape.ScrapeResult;
import io.gridscope.collectors.prometheus.scrape.ScrapeTarget;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.ManualClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridscopeExporterTest {
    private static final Labels GPU = Labels.of("gpu_uuid", "GPU-1234", "host", "ws1");

    private static Snapshot snapshot(long t, double watts, double joules) {
        return Snapshot.of(
                "nvml",
                t,
                List.of(
                        new Sample(SeriesId.gauge("gpu_power_watts", Unit.WATTS, GPU), t, watts),
                        new Sample(SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, GPU), t, joules),
                        new Sample(SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, GPU), t, Double.NaN)));
    }

    @Test
    void disabledByDefault() {
        assertThat(ExporterConfig.disabled().enabled()).isFalse();
        assertThat(ExporterConfig.disabled().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(ExporterConfig.disabled().port()).isEqualTo(9464);
        assertThat(GridscopeExporter.start(
                        ExporterConfig.disabled(), new LatestValuesSink(Clock.systemUTC(), Duration.ofMinutes(1))))
                .isEmpty();
    }

    @Test
    void servesLatestValuesWithGridscopeNamesOverOpenMetrics() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        LatestValuesSink sink = new LatestValuesSink(clock, Duration.ofMinutes(5));
        sink.accept(snapshot(clock.millis(), 250, 1000));
        sink.accept(snapshot(clock.millis() + 1000, 300.5, 1300));
        try (GridscopeExporter exporter =
                GridscopeExporter.start(ExporterConfig.loopback(0), sink).orElseThrow()) {
            URI uri = URI.create("http://127.0.0.1:" + exporter.port() + "/metrics");
            ScrapeResult r;
            try (Scraper scraper = new Scraper(ScrapeTarget.builder("self", uri).build(), clock)) {
                r = scraper.scrape();
            }
            assertThat(r.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
            ParsedSample power = r.samples().stream()
                    .filter(s -> s.name().equals("gridscope_gpu_power_watts"))
                    .findFirst()
                    .orElseThrow();
            assertThat(power.value()).isEqualTo(300.5);
            assertThat(power.labels()).isEqualTo(GPU);
            ParsedSample energy = r.samples().stream()
                    .filter(s -> s.name().equals("gridscope_gpu_energy_joules_total"))
                    .findFirst()
                    .orElseThrow();
            assertThat(energy.family().type()).isEqualTo(MetricType.COUNTER);
            assertThat(energy.value()).isEqualTo(1300);
            assertThat(r.samples()).noneMatch(s -> s.name().contains("utilization"));

            clock.advance(Duration.ofMinutes(6));
            try (Scraper scraper = new Scraper(ScrapeTarget.builder("self", uri).build(), clock)) {
                assertThat(scraper.scrape().samples()).noneMatch(s -> s.name().startsWith("gridscope_gpu"));
            }
        }
    }
}
