package io.gridscope.console.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.model.Counters;
import io.gridscope.reports.usage.EnergyMethod;
import io.gridscope.reports.usage.GpuRef;
import io.gridscope.reports.usage.GpuUsage;
import io.gridscope.reports.usage.SlotGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet path's PromQL against a real Prometheus, slot by slot, over counters built to break it: irregular
 * scrape intervals with millisecond jitter, resets (at a slot's first reading, two in one slot), a series that
 * starts inside the period, readings on a slot's first and last millisecond, a 3-minute silence, a period that starts
 * off the minute and ends with a short slot. The expected figures come from {@link Counters} applied to the
 * readings as Prometheus stored them.
 */
class FleetCounterRuleTest {
    private static final long FROM = Instant.parse("2026-11-20T00:00:17.250Z").toEpochMilli();
    private static final long TO = FROM + Duration.ofHours(2).toMillis() + 37_005;
    private static final String HOST = "rule-host";

    @TempDir
    static Path dir;

    private static BackfilledPrometheus prometheus;
    private static PromQueryClient client;
    private static final List<Series> SERIES = new ArrayList<>();

    /** One GPU's readings as stored: times (ms), energy (mJ), utilisation (percent). */
    record Series(String uuid, long[] t, double[] energyMj, double[] utilPercent) {}

    @BeforeAll
    static void start() throws Exception {
        BackfilledPrometheus.requireBinary("promtool");
        BackfilledPrometheus.requireBinary("prometheus");
        OpenMetricsText om = new OpenMetricsText();
        SplittableRandom r = new SplittableRandom(7);
        long dataFrom = FROM - Duration.ofMinutes(10).toMillis();
        long dataTo = TO + Duration.ofMinutes(10).toMillis();

        // GPU-r1: 10–25 s apart with ms jitter, random resets, a 3-minute silence
        List<long[]> t1 = new ArrayList<>();
        long t = dataFrom + 3_117;
        while (t < dataTo) {
            t1.add(new long[] {t});
            t += r.nextLong(10_000, 25_000) + r.nextLong(0, 1_000);
            if (t > FROM + 3_600_000 && t < FROM + 3_610_000) {
                t += 180_000;
            }
        }
        SERIES.add(series(om, "GPU-r1", t1.stream().mapToLong(a -> a[0]).toArray(), r, 0.04));

        // GPU-r2: starts 47 minutes into the period; two resets in one minute; a reset into a higher reading
        List<Long> t2 = new ArrayList<>();
        for (long x = FROM + 47 * 60_000 + 13_000; x < dataTo; x += 5_000 + r.nextLong(0, 20_000)) {
            t2.add(x);
        }
        SERIES.add(series(om, "GPU-r2", t2.stream().mapToLong(Long::longValue).toArray(), r, 0.08));

        // GPU-r3: readings on slot edges (a slot's first millisecond, its last), a reset at a slot's first reading
        List<Long> t3 = new ArrayList<>();
        for (long s = FROM - 60_000 * 5; s < dataTo; s += 60_000) {
            t3.add(s);
            t3.add(s + 30_000);
            t3.add(s + 59_999);
        }
        SERIES.add(series(om, "GPU-r3", t3.stream().mapToLong(Long::longValue).toArray(), r, 0.05));

        Path file = dir.resolve("rule.om");
        om.write(file);
        prometheus = BackfilledPrometheus.start(dir, file);
        client = prometheus.client("rule");
    }

    /** Energy rising 50–400 W with resets at the given rate; utilisation 0–100 %. Writes it and returns it. */
    private static Series series(OpenMetricsText om, String uuid, long[] times, SplittableRandom r, double resetRate) {
        String labels = "{Hostname=\"" + HOST + "\",UUID=\"" + uuid + "\",gpu=\"0\",modelName=\"Test GPU\"}";
        long[] t = new long[times.length];
        double[] e = new double[times.length];
        double[] u = new double[times.length];
        double energy = 5e9;
        for (int i = 0; i < times.length; i++) {
            long gap = i == 0 ? 15_000 : times[i] - times[i - 1];
            double rise = Math.round(r.nextDouble(50, 400) * gap);
            if (i > 0 && r.nextDouble() < resetRate) {
                // a driver reload: counting restarts, sometimes above where it had been at the base
                energy = r.nextBoolean() ? rise : energy - r.nextDouble(1, Math.max(2, energy / 2));
            } else {
                energy += rise;
            }
            e[i] = energy;
            u[i] = r.nextInt(0, 101);
            t[i] = om.add(PrometheusUsageSource.DCGM_ENERGY, labels, times[i], e[i]);
            om.add(PrometheusUsageSource.DCGM_UTIL, labels, times[i], u[i]);
        }
        return new Series(uuid, t, e, u);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everySlotHoldsTheIncreaseByGridscopesRule() {
        try (PrometheusUsageSource source = new PrometheusUsageSource(client, Duration.ofMinutes(2))) {
            SlotGrid grid = source.grid(FROM, TO);
            assertThat(grid.size()).isEqualTo(121); // 120 full minutes and a short one
            assertThat(source.gpus(grid)).extracting(GpuRef::uuid).containsExactly("GPU-r1", "GPU-r2", "GPU-r3");
            int resets = 0;
            int resetsAtSlotStart = 0;
            int slotsWithTwoResets = 0;
            int measured = 0;
            for (Series s : SERIES) {
                GpuUsage u = source.gpu(new GpuRef(HOST, s.uuid(), "Test GPU"), grid);
                assertThat(u.energyMethod()).isEqualTo(EnergyMethod.COUNTER);
                double[] expected = expectedJoules(s, grid);
                double[] util = expectedUtilization(s, grid);
                for (int k = 0; k < grid.size(); k++) {
                    String where = s.uuid() + " slot " + k + " from " + Instant.ofEpochMilli(grid.start(k));
                    assertClose(u.energyJoules()[k], expected[k], where + " energy");
                    assertClose(u.utilizationRatio()[k], util[k], where + " utilisation");
                    if (!Double.isNaN(expected[k])) {
                        measured++;
                    }
                }
                int[] perSlot = new int[grid.size()];
                for (int j = 1; j < s.t().length; j++) {
                    int k = grid.indexOf(s.t()[j]);
                    if (k >= 0 && Counters.isReset(s.energyMj()[j - 1], s.energyMj()[j])) {
                        resets++;
                        perSlot[k]++;
                        if (grid.indexOf(s.t()[j - 1]) != k) {
                            resetsAtSlotStart++;
                        }
                    }
                }
                slotsWithTwoResets += (int)
                        java.util.Arrays.stream(perSlot).filter(n -> n >= 2).count();
            }
            assertThat(resets).as("resets inside the period").isGreaterThanOrEqualTo(8);
            assertThat(resetsAtSlotStart)
                    .as("resets between the base and a slot's first reading")
                    .isPositive();
            assertThat(slotsWithTwoResets).as("slots with two resets").isPositive();
            assertThat(measured).as("slots with readings").isGreaterThan(250);
        }
    }

    /** Per slot, {@link Counters#increase} summed over the readings in it, in joules; NaN without a reading. */
    static double[] expectedJoules(Series s, SlotGrid grid) {
        double[] out = new double[grid.size()];
        java.util.Arrays.fill(out, Double.NaN);
        for (int j = 0; j < s.t().length; j++) {
            int k = grid.indexOf(s.t()[j]);
            if (k < 0) {
                continue;
            }
            double inc = j == 0 ? 0 : Counters.increase(s.energyMj()[j - 1] / 1000, s.energyMj()[j] / 1000);
            out[k] = (Double.isNaN(out[k]) ? 0 : out[k]) + inc;
        }
        return out;
    }

    static double[] expectedUtilization(Series s, SlotGrid grid) {
        double[] sum = new double[grid.size()];
        int[] n = new int[grid.size()];
        for (int j = 0; j < s.t().length; j++) {
            int k = grid.indexOf(s.t()[j]);
            if (k >= 0) {
                sum[k] += s.utilPercent()[j];
                n[k]++;
            }
        }
        double[] out = new double[grid.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = n[k] == 0 ? Double.NaN : sum[k] / n[k] / 100;
        }
        return out;
    }

    private static void assertClose(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual)
                    .as(what)
                    .isCloseTo(
                            expected, org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, Math.abs(expected))));
        }
    }
}
