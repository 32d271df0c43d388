package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.host.RaplCounter.Kind;
import io.gridscope.collectors.host.RaplCounter.Step;
import org.junit.jupiter.api.Test;

class RaplCounterTest {
    /** Intel's usual max_energy_range_uj (2^32 units of 61 µJ). */
    private static final long INTEL_RANGE = 262_143_328_850L;
    /** AMD's (2^32 units of 15.3 µJ). */
    private static final long AMD_RANGE = 65_535_996_185L;

    private static final long J = 1_000_000L;

    @Test
    void anIncreaseIsTheDifferenceAndNoChangeAddsNothing() {
        assertThat(RaplCounter.step(5_000 * J, 5_080 * J, INTEL_RANGE, 1_000))
                .isEqualTo(new Step(Kind.INCREASE, 80 * J));
        assertThat(RaplCounter.step(5_000 * J, 5_000 * J, INTEL_RANGE, 1_000)).isEqualTo(new Step(Kind.INCREASE, 0));
    }

    @Test
    void aWrapAddsWhatWasLeftOfTheRangeAndWhatCameAfter() {
        long previous = INTEL_RANGE - 50 * J;
        assertThat(RaplCounter.step(previous, 30 * J, INTEL_RANGE, 1_000)).isEqualTo(new Step(Kind.WRAP, 80 * J));
        assertThat(RaplCounter.step(INTEL_RANGE, 0, INTEL_RANGE, 1_000))
                .as("from the top of the range to zero")
                .isEqualTo(new Step(Kind.WRAP, 0));
    }

    @Test
    void aDropOfLessThanHalfTheRangeIsAResetNeverAWrap() {
        long previous = INTEL_RANGE * 9 / 10;
        long current = INTEL_RANGE * 6 / 10;
        assertThat(RaplCounter.step(previous, current, INTEL_RANGE, 1_000))
                .as("as a wrap this would be 70% of the range in one second")
                .isEqualTo(new Step(Kind.RESET, current));
        assertThat(RaplCounter.step(100 * J, 3 * J, INTEL_RANGE, 1_000))
                .as("a restart from zero counts what was counted since")
                .isEqualTo(new Step(Kind.RESET, 3 * J));
    }

    @Test
    void aDropWhoseWrapWouldNeedMoreThanTheZoneCanDrawIsAReset() {
        // Back by more than half the range, but a wrap would mean ~105 kJ in 1 s: the counter restarted instead.
        long previous = INTEL_RANGE * 6 / 10;
        assertThat(RaplCounter.step(previous, J, INTEL_RANGE, 1_000)).isEqualTo(new Step(Kind.RESET, J));
        // The same drop over 2 minutes is a plausible wrap at ~870 W.
        assertThat(RaplCounter.step(previous, J, INTEL_RANGE, 120_000).kind()).isEqualTo(Kind.WRAP);
    }

    @Test
    void readsTooFarApartToCountTheWrapsCountNothing() {
        long gap = RaplCounter.longestGapMillis(INTEL_RANGE);
        assertThat(RaplCounter.step(J, 2 * J, INTEL_RANGE, gap)).isEqualTo(new Step(Kind.INCREASE, J));
        assertThat(RaplCounter.step(J, 2 * J, INTEL_RANGE, gap + 1)).isEqualTo(new Step(Kind.GAP, 0));
        assertThat(RaplCounter.step(INTEL_RANGE - J, J, INTEL_RANGE, gap + 1)).isEqualTo(new Step(Kind.GAP, 0));
    }

    @Test
    void theLongestGapKeepsAOneKilowattZoneBelowHalfTheRange() {
        assertThat(RaplCounter.longestGapMillis(INTEL_RANGE)).isEqualTo(130_071);
        assertThat(RaplCounter.longestGapMillis(AMD_RANGE)).isEqualTo(31_767);
        long gap = RaplCounter.longestGapMillis(AMD_RANGE);
        double joulesAtOneKilowatt = RaplCounter.MAX_ZONE_WATTS * (gap + RaplCounter.TIMING_SLACK_MILLIS) / 1_000.0;
        assertThat(joulesAtOneKilowatt).isLessThanOrEqualTo(AMD_RANGE / 2.0 / J);
    }

    @Test
    void aRangeThatDoesNotDescribeTheCounterMakesEveryDropAReset() {
        assertThat(RaplCounter.step(INTEL_RANGE + 5 * J, 2 * J, INTEL_RANGE, 1_000))
                .as("a reading above the range")
                .isEqualTo(new Step(Kind.RESET, 2 * J));
        assertThat(RaplCounter.step(INTEL_RANGE - J, 2 * J, 0, 1_000))
                .as("no range known")
                .isEqualTo(new Step(Kind.RESET, 2 * J));
        assertThat(RaplCounter.step(J, 2 * J, 0, 3_600_000))
                .as("no range, no gap rule")
                .isEqualTo(new Step(Kind.INCREASE, J));
    }

    @Test
    void aClockThatWentBackMakesADropAReset() {
        assertThat(RaplCounter.step(INTEL_RANGE - J, J, INTEL_RANGE, -5_000)).isEqualTo(new Step(Kind.RESET, J));
    }

    @Test
    void theTotalStartsAtZeroAndNeverDropsAcrossAWrap() {
        RaplCounter c = new RaplCounter();
        assertThat(c.update(INTEL_RANGE - 100 * J, INTEL_RANGE, 1_000).kind()).isEqualTo(Kind.FIRST);
        assertThat(c.totalJoules()).isZero();
        c.update(INTEL_RANGE - 40 * J, INTEL_RANGE, 2_000);
        assertThat(c.totalJoules()).isEqualTo(60.0);
        assertThat(c.update(20 * J, INTEL_RANGE, 3_000).kind()).isEqualTo(Kind.WRAP);
        assertThat(c.totalJoules()).isEqualTo(120.0);
        c.update(20 * J, INTEL_RANGE, 4_000);
        assertThat(c.totalJoules()).as("no change").isEqualTo(120.0);
    }

    @Test
    void afterForgetTheNextReadOnlySetsANewBaseAndTheTotalCarriesOn() {
        RaplCounter c = new RaplCounter();
        c.update(10 * J, INTEL_RANGE, 1_000);
        c.update(15 * J, INTEL_RANGE, 2_000);
        c.forget();
        assertThat(c.update(900 * J, INTEL_RANGE, 60_000).kind()).isEqualTo(Kind.FIRST);
        assertThat(c.totalJoules())
                .as("nothing invented for the time it was not read")
                .isEqualTo(5.0);
        c.update(907 * J, INTEL_RANGE, 61_000);
        assertThat(c.totalJoules()).isEqualTo(12.0);
    }

    @Test
    void aNegativeReadingIsRefused() {
        assertThatThrownBy(() -> new RaplCounter().update(-1, INTEL_RANGE, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
