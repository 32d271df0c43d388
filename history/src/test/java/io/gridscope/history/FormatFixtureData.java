package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.List;

/**
 * The samples of the test resource {@code format1/history.db.gz} (written by schema version 5, see {@link
 * FormatOneFileTest}): five series, a pure function of the series index and the pass.
 */
final class FormatFixtureData {
    static final List<SeriesId> SERIES = List.of(
            SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-1")),
            SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("gpu_uuid", "GPU-1")),
            SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("cpu", "total")),
            SeriesId.gauge("host_memory_total_bytes", Unit.BYTES, Labels.of()),
            SeriesId.gauge("odd_values", Unit.NONE, Labels.of()));

    private FormatFixtureData() {}

    /** 1 s passes with 0..3 ms of jitter. */
    static long time(long start, int i) {
        return start + 1000L * i + Math.floorMod(i * 7L, 4);
    }

    static double value(int series, int i) {
        return switch (series) {
            case 0 -> (200_000 + Math.floorMod(i * 7919L, 1601) - 800) / 1000.0;
            case 1 -> (5_000_000_000L + 200_000L * i + Math.floorMod(i * 104_729L, 4001)) / 1000.0;
            case 2 -> Math.floorMod(i * 31L, 1001) / 1000.0;
            case 3 -> 68_719_476_736.0;
            default ->
                switch (i % 97) {
                    case 5 -> Double.NaN;
                    case 6 -> Double.POSITIVE_INFINITY;
                    case 7 -> Double.NEGATIVE_INFINITY;
                    case 8 -> -0.0;
                    default -> StrictMath.sin(i) * 1e3;
                };
        };
    }
}
