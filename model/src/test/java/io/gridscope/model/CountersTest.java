package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountersTest {
    @Test
    void increaseIsTheDifferenceWhileTheCounterRises() {
        assertThat(Counters.increase(10, 25)).isEqualTo(15);
        assertThat(Counters.increase(7, 7)).isZero();
    }

    @Test
    void aDropIsAResetAndTheIncreaseIsTheNewValue() {
        assertThat(Counters.increase(1_000, 40)).isEqualTo(40);
        assertThat(Counters.increase(1_000, 0)).isZero();
        assertThat(Counters.isReset(1_000, 40)).isTrue();
        assertThat(Counters.isReset(40, 1_000)).isFalse();
    }

    @Test
    void missingOrInvalidReadingsHaveNoIncrease() {
        assertThat(Counters.increase(Double.NaN, 5)).isNaN();
        assertThat(Counters.increase(5, Double.NaN)).isNaN();
        assertThat(Counters.increase(5, Double.POSITIVE_INFINITY)).isNaN();
        assertThat(Counters.increase(-1, 5)).isNaN();
        assertThat(Counters.isReset(Double.NaN, 5)).isFalse();
    }

    @Test
    void rateDividesTheIncreaseByTheElapsedSeconds() {
        assertThat(Counters.ratePerSecond(100, 350, 500).getAsDouble()).isCloseTo(500, within(1e-9));
        assertThat(Counters.ratePerSecond(100, 30, 1_000).getAsDouble()).isCloseTo(30, within(1e-9));
        assertThat(Counters.ratePerSecond(100, 350, 0)).isEmpty();
        assertThat(Counters.ratePerSecond(Double.NaN, 350, 1_000)).isEmpty();
    }
}
