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
    void numbersAreShort() {
        assertThat(Ticks.number(1_500_000, 500_000)).isEqualTo("1.5M");
        assertThat(Ticks.number(20, 5)).isEqualTo("20");
        assertThat(Ticks.number(0.25, 0.05)).isEqualTo("0.25");
        assertThat(Ticks.number(12_000, 2_000)).isEqualTo("12k");
    }
}
