package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import oshi.hardware.CentralProcessor.TickType;

class CpuTicksTest {
    private static long[] ticks(long user, long system, long idle, long iowait) {
        long[] t = new long[TickType.values().length];
        t[TickType.USER.getIndex()] = user;
        t[TickType.SYSTEM.getIndex()] = system;
        t[TickType.IDLE.getIndex()] = idle;
        t[TickType.IOWAIT.getIndex()] = iowait;
        return t;
    }

    @Test
    void busyFractionExcludesIdleAndIowait() {
        double u = CpuTicks.utilization(ticks(100, 50, 800, 50), ticks(160, 80, 860, 100))
                .orElseThrow();
        // deltas: user 60, system 30, idle 60, iowait 50 → busy 90 of 200
        assertThat(u).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void firstReadingOnlyPrimes() {
        assertThat(CpuTicks.utilization(null, ticks(1, 1, 1, 1))).isEmpty();
    }

    @Test
    void counterGoingBackwardsYieldsNoValueInsteadOfASpike() {
        assertThat(CpuTicks.utilization(ticks(1000, 10, 10, 10), ticks(5, 20, 20, 20)))
                .isEmpty();
    }

    @Test
    void noElapsedTicksYieldsNoValue() {
        long[] t = ticks(5, 5, 5, 5);
        assertThat(CpuTicks.utilization(t, t.clone())).isEmpty();
    }

    @Test
    void utilisationIsRoundedToTheTickResolution() {
        // busy 1 of 3 ticks: 0.333… is stored as 0.333
        double u = CpuTicks.utilization(ticks(0, 0, 0, 0), ticks(1, 0, 2, 0)).orElseThrow();
        assertThat(u).isEqualTo(0.333);
    }
}
