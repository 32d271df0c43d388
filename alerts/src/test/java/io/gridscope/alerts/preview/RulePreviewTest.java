package io.gridscope.alerts.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleFile;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule replayed over a real stored history: the episodes it would have raised, or no data. */
class RulePreviewTest {
    static final String RULES = """
            [packs]
            gpu = false
            host = false
            sources = false
            accounting = false

            [[rule]]
            name = "Hot"
            series = 'temp_celsius'
            op = ">"
            value = 80
            severity = "critical"
            summary = "{{ $labels.host }} at {{ $value }} °C"

            [[rule]]
            name = "HotForTwoMinutes"
            series = 'temp_celsius'
            op = ">"
            value = 80
            for = "2m"
            severity = "warning"
            summary = "{{ $labels.host }} hot"

            [[rule]]
            name = "Fans"
            series = 'fan_speed_ratio'
            op = "<"
            value = 0.2
            severity = "warning"
            summary = "fans"
            """;
    static final Duration STEP = Duration.ofMinutes(1);
    static final SeriesId TEMP = SeriesId.gauge("temp_celsius", Unit.CELSIUS, Labels.of("host", "gpu-01"));
    static final SeriesId COOL = SeriesId.gauge("temp_celsius", Unit.CELSIUS, Labels.of("host", "gpu-02"));

    @TempDir
    Path dir;

    // three hours ago, on a whole hour: within the raw retention, step-aligned
    long t0 = Instant.now()
            .truncatedTo(ChronoUnit.HOURS)
            .minus(Duration.ofHours(3))
            .toEpochMilli();
    long hotFrom = t0 + Duration.ofMinutes(10).toMillis();
    long hotUntil = t0 + Duration.ofMinutes(20).toMillis();
    long end = t0 + Duration.ofMinutes(30).toMillis();
    RuleSet rules = RuleFile.parse(RULES, Path.of("alerts.toml"));

    /** Above 80 °C from minute 10 to minute 20 (85, then 95 for three minutes, then 90), 50 °C before and after. */
    static double temperature(long t, long hotFrom, long hotUntil) {
        if (t < hotFrom || t >= hotUntil) {
            return 50;
        }
        long minute = (t - hotFrom) / 60_000;
        return minute < 3 ? 85 : minute < 6 ? 95 : 90;
    }

    @BeforeEach
    void history() throws Exception {
        assertThat(rules.problems()).isEmpty();
        try (HistoryStore store = HistoryStore.open(dir)) {
            write(store, TEMP, t -> temperature(t, hotFrom, hotUntil));
            write(store, COOL, t -> 40);
            store.flush().get();
        }
    }

    void write(HistoryStore store, SeriesId series, LongToDoubleFunction value) {
        for (long t = t0; t < end; t += 10_000) {
            store.append(Snapshot.of("test", t, List.of(new Sample(series, t, value.applyAsDouble(t)))));
        }
    }

    Rule rule(String name) {
        return rules.rule(name).orElseThrow();
    }

    RulePreview.Result preview(String rule) {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return RulePreview.run(rule(rule), r, t0, end, STEP);
        }
    }

    @Test
    void tenMinutesAboveTheThresholdAreOneEpisodeWithItsFireAndResolveTimes() {
        RulePreview.Result r = preview("Hot");
        assertThat(r.health()).isEqualTo(RuleStatus.Health.OK);
        assertThat(r.seriesRead()).isEqualTo(2);
        assertThat(r.samplesRead()).isEqualTo(2 * 30);
        assertThat(r.note()).isEmpty();
        assertThat(r.fired()).isEqualTo(1);
        // each step is read as its average, known at its end: the preview trails the data by at most one step
        assertThat(r.episodes()).singleElement().satisfies(e -> {
            assertThat(e.labels().get("host")).contains("gpu-01");
            assertThat(e.pendingSinceMillis()).isBetween(hotFrom, hotFrom + STEP.toMillis());
            assertThat(e.firedAtMillis()).isEqualTo(e.pendingSinceMillis());
            assertThat(e.resolvedAtMillis()).isBetween(hotUntil, hotUntil + STEP.toMillis());
            assertThat(e.peak()).as("the highest value while it was active").isEqualTo(95);
        });
    }

    @Test
    void forDelaysTheFiringAndTheEpisodeKeepsWhenItWentPending() {
        RulePreview.Result r = preview("HotForTwoMinutes");
        assertThat(r.episodes()).singleElement().satisfies(e -> {
            assertThat(e.pendingSinceMillis()).isBetween(hotFrom, hotFrom + STEP.toMillis());
            assertThat(e.firedAtMillis() - e.pendingSinceMillis())
                    .isEqualTo(Duration.ofMinutes(2).toMillis());
            assertThat(e.resolvedAtMillis()).isBetween(hotUntil, hotUntil + STEP.toMillis());
            assertThat(e.peak()).isEqualTo(95);
        });
    }

    @Test
    void aRuleWithoutSeriesSaysNoData() {
        RulePreview.Result r = preview("Fans");
        assertThat(r.health()).isEqualTo(RuleStatus.Health.NO_DATA);
        assertThat(r.episodes()).isEmpty();
        assertThat(r.fired()).isZero();
        assertThat(r.seriesRead()).isZero();
        assertThat(r.samplesRead()).isZero();
    }

    @Test
    void aDisabledRuleIsPreviewedAsIfEnabled() {
        Rule off = rule("Hot").withEnabled(false);
        try (HistoryReader h = HistoryReader.open(dir)) {
            assertThat(RulePreview.run(off, h, t0, end, STEP).fired()).isEqualTo(1);
        }
    }

    @Test
    void anAlertAlreadyFiringWhenThePeriodStartsIsAnEpisodeOfIt() {
        long from = hotFrom + Duration.ofMinutes(5).toMillis();
        try (HistoryReader h = HistoryReader.open(dir)) {
            RulePreview.Result r = RulePreview.run(rule("Hot"), h, from, end, STEP);
            assertThat(r.episodes()).singleElement().satisfies(e -> {
                assertThat(e.firedAtMillis())
                        .isBetween(from - Duration.ofMinutes(5).toMillis(), from);
                assertThat(e.resolvedAtMillis()).isBetween(hotUntil, hotUntil + STEP.toMillis());
                assertThat(e.peak()).isEqualTo(95);
            });
            RulePreview.Result still = RulePreview.run(rule("Hot"), h, from, hotUntil - STEP.toMillis(), STEP);
            assertThat(still.episodes())
                    .as("firing from before the period to after it")
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.firedAtMillis()).isNotZero();
                        assertThat(e.resolvedAtMillis()).isZero();
                    });
        }
    }

    @Test
    void aPeriodWithoutTheEpisodeRaisesNothing() {
        try (HistoryReader h = HistoryReader.open(dir)) {
            RulePreview.Result r = RulePreview.run(rule("Hot"), h, hotUntil + STEP.toMillis(), end, STEP);
            assertThat(r.episodes()).isEmpty();
            assertThat(r.health()).isEqualTo(RuleStatus.Health.OK);
        }
    }
}
