package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterRatesTest {
    @Test
    void firstReadingOnlyPrimes() {
        CounterRates r = new CounterRates();
        assertThat(r.update("eth0", 1_000, 100, 5)).containsExactly(Double.NaN, Double.NaN);
        assertThat(r.update("eth0", 3_000, 300, 5)).containsExactly(100.0, 0.0);
    }

    @Test
    void aResetCountsTheNewReadingAsTheIncreaseAndTheNextIntervalIsNormalAgain() {
        CounterRates r = new CounterRates();
        r.update("sda", 0, 10_000_000_000L);
        assertThat(r.update("sda", 1_000, 50))
                .as("restarted from zero: 50 since the reset")
                .containsExactly(50.0);
        assertThat(r.update("sda", 2_000, 150)).containsExactly(100.0);
    }

    @Test
    void anyDropIsAResetAsInPrometheusEvenNearTwoToThe32() {
        assertThat(CounterRates.perSecond(0xFFFF_FF00L, 0x100L, 1_000))
                .as("no guess at a 32-bit wrap")
                .hasValue(0x100);
        assertThat(CounterRates.perSecond(0x1000L, 0x10L, 1_000)).hasValue(0x10);
    }

    @Test
    void noElapsedTimeOrNegativeInputsGiveNothing() {
        assertThat(CounterRates.perSecond(1, 2, 0)).isEmpty();
        assertThat(CounterRates.perSecond(-1, 2, 1_000)).isEmpty();
    }

    @Test
    void retainForgetsRemovedKeys() {
        CounterRates r = new CounterRates();
        r.update("veth1", 0, 1);
        r.retain(Set.of());
        assertThat(r.update("veth1", 1_000, 2)).as("primed again").containsExactly(Double.NaN);
    }
}
