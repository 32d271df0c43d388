package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak ({@link HistorySoak}; the 7-day run is {@code bench/soak/run.sh}): 12 simulated hours of 1 s
 * telemetry through the real store with short retention and a cap small enough to bite within hours.
 */
class HistorySoakTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    /** 12 hours, 10 series, raw kept 6 h and 1-minute rollups 8 h, a 500 kB cap (reached after about 4 h). */
    static HistorySoak.Config halfDay() {
        return new HistorySoak.Config(
                Duration.ofHours(12),
                10,
                500_000,
                Duration.ofHours(6),
                Duration.ofHours(8),
                Duration.ofDays(730),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                0.05,
                4L << 20,
                true);
    }

    @Test
    void halfASimulatedDayStaysUnderTheCapKeepsEveryTiersPromiseAndHeapFlat() throws Exception {
        HistorySoak.Config config = halfDay();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<HistorySoak.Point> points;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            points = HistorySoak.run(dir, config, out);
        }
        String printed = log.toString(StandardCharsets.UTF_8);

        assertThat(HistorySoak.violations(config, points)).as(printed).isEmpty();
        assertThat(points).as(printed).hasSize(12);
        HistorySoak.Point last = points.getLast();
        assertThat(last.samplesWritten()).isEqualTo(12 * 3_600L * config.series());
        assertThat(last.cappedRowsSoFar()).as("the cap bit").isPositive();
        // the cap cut raw below its 6 h promise; the rollups were left whole
        HistorySoak.TierAge raw = last.tiers().get(Tier.RAW);
        assertThat(raw.rows()).isPositive();
        assertThat(last.tiers().get(Tier.MINUTE).seriesWithRows()).isEqualTo(config.series());
        assertThat(last.tiers().get(Tier.HOUR).oldestMillis()).isLessThanOrEqualTo(HistorySoak.START_MILLIS);
    }

    // ------------------------------------------------------------ the checks themselves

    private static HistorySoak.Point point(long nowMillis, long dbBytes, long heap, long capped, long rawOldest) {
        Map<Tier, HistorySoak.TierAge> tiers = new EnumMap<>(Tier.class);
        tiers.put(Tier.RAW, new HistorySoak.TierAge(100, 10, rawOldest, rawOldest));
        long minuteOldest = Math.max(HistorySoak.START_MILLIS, nowMillis - 8 * HOUR);
        tiers.put(Tier.MINUTE, new HistorySoak.TierAge(10, 10, minuteOldest, minuteOldest));
        tiers.put(Tier.HOUR, new HistorySoak.TierAge(1, 10, HistorySoak.START_MILLIS, HistorySoak.START_MILLIS));
        return new HistorySoak.Point(nowMillis, dbBytes, 0, dbBytes, 4096, heap, 0, 1, 0, 0, null, capped, tiers, 1);
    }

    private static List<HistorySoak.Point> day(long dbBytes, long heapGrowthPerPoint, long capped, long rawLagMillis) {
        List<HistorySoak.Point> points = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            long now = HistorySoak.START_MILLIS + i * HOUR;
            long promise = Math.max(HistorySoak.START_MILLIS, now - 6 * HOUR);
            points.add(point(now, dbBytes, 50_000_000 + i * heapGrowthPerPoint, capped, promise + rawLagMillis));
        }
        return points;
    }

    @Test
    void aHealthyRunHasNoViolations() {
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 0, 5, 0))).isEmpty();
    }

    @Test
    void aFileOverTheCapByMoreThanTheMarginIsAViolation() {
        // a 500 kB cap, 4 KiB pages: the margin is 16 pages, 64 KiB (more than 5 %)
        assertThat(HistorySoak.violations(halfDay(), day(566_000, 0, 5, 0)))
                .anySatisfy(v -> assertThat(v).contains("over the cap"));
        assertThat(HistorySoak.violations(halfDay(), day(565_000, 0, 5, 0))).isEmpty();
    }

    @Test
    void heapGrowingOverTheRunIsAViolation() {
        // 0.5 MB per 1 h point = 12 MB per day, over the 4 MiB/day limit
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 500_000, 5, 0)))
                .anySatisfy(v -> assertThat(v).contains("heap after GC grows"));
        assertThat(HistorySoak.heapSlopeBytesPerDay(day(1, 500_000, 5, 0))).isBetween(11.9e6, 12.1e6);
    }

    @Test
    void aTierShortOfItsPromiseIsAViolationOnlyWhenTheCapHasNotCut() {
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 0, 0, HOUR)))
                .anySatisfy(v -> assertThat(v).contains("RAW keeps only from"));
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 0, 5, HOUR))).isEmpty();
    }

    @Test
    void aTierHoldingFarMoreThanItsRetentionIsAViolation() {
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 0, 5, -5 * HOUR)))
                .anySatisfy(v -> assertThat(v).contains("older than its retention allows"));
    }

    @Test
    void aCapThatNeverBitIsAViolationWhenItWasMeantTo() {
        assertThat(HistorySoak.violations(halfDay(), day(480_000, 0, 0, 0)))
                .anySatisfy(v -> assertThat(v).contains("never deleted anything"));
    }
}
