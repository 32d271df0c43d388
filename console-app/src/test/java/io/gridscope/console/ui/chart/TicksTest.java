package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Ticks.nice(23.0 / 6)).isEqualTo(5.0);
        assertThat(Ticks.nice(0.3)).isEqualTo(0.5);
        assertThat(Ticks.nice(128.0 / 6)).isEqualTo(50.0);
        assertThat(Ticks.nice(20)).isEqualTo(20.0);
    }

    @Test
    void timeStepsKeepLabelsApart() {
        // 15 minutes over 1,000 px with labels ≥ 70 px apart → 70 px ≈ 63 s → 2 min
        assertThat(Ticks.timeStep(15 * 60_000, 1_000, 70)).isEqualTo(120_000);
        // 30 days over 1,000 px: 70 px ≈ 2.1 days → 7 days
        assertThat(Ticks.timeStep(30L * 24 * 3_600_000, 1_000, 70)).isEqualTo(7L * 24 * 3_600_000);
    }

    @Test
    void ticksAlignToLocalTime() {
        assertThat(Ticks.firstTick(61_000, 60_000, ZoneOffset.UTC)).isEqualTo(120_000);
        assertThat(Ticks.firstTick(0, 3_600_000, ZoneOffset.ofHours(1))).isEqualTo(0);
        assertThat(Ticks.firstTick(1, 86_400_000, ZoneOffset.ofHours(2))).isEqualTo(86_400_000 - 7_200_000);
    }

    @Test
    void aTickWhereTheDayChangesShowsTheDate() {
        long h = 3_600_000;
        long midnightJan2Utc = java.time.Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
        assertThat(Ticks.timeLabel(midnightJan2Utc - 3 * h, 3 * h, ZoneOffset.UTC))
                .isEqualTo("21:00");
        assertThat(Ticks.timeLabel(midnightJan2Utc, 3 * h, ZoneOffset.UTC)).isEqualTo("Jan 2");
        assertThat(Ticks.timeLabel(midnightJan2Utc + 3 * h, 3 * h, ZoneOffset.UTC))
                .isEqualTo("03:00");
        // midnight is local: in UTC+2 it is at 22:00 UTC
        ZoneOffset plus2 = ZoneOffset.ofHours(2);
        assertThat(Ticks.timeLabel(midnightJan2Utc - 2 * h, h, plus2)).isEqualTo("Jan 2");
        assertThat(Ticks.timeLabel(midnightJan2Utc, h, plus2)).isEqualTo("02:00");
        // a tick past midnight (the previous one on the day before) keeps its time
        assertThat(Ticks.timeLabel(midnightJan2Utc + 30 * 60_000, 45 * 60_000, ZoneOffset.UTC))
                .isEqualTo("Jan 2 00:30");
        // the 24 h range's ticks, as the chart draws them
        long step = Ticks.timeStep(24 * h, 1_000, 70);
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (long t = Ticks.firstTick(midnightJan2Utc - 13 * h, step, ZoneOffset.UTC);
                t < midnightJan2Utc + 11 * h;
                t += step) {
            labels.add(Ticks.timeLabel(t, step, ZoneOffset.UTC));
        }
        assertThat(labels).contains("Jan 2").doesNotContain("00:00");
    }

    @Test
    void numbersAreShort() {
        assertThat(Ticks.number(1_500_000, 500_000)).isEqualTo("1.5M");
        assertThat(Ticks.number(20, 5)).isEqualTo("20");
        assertThat(Ticks.number(0.25, 0.05)).isEqualTo("0.25");
        assertThat(Ticks.number(12_000, 2_000)).isEqualTo("12k");
    }
}
