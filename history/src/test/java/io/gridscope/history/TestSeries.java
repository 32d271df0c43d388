package io.gridscope.history;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Series and snapshots shared by the history tests. */
final class TestSeries {
    static final long NOW = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    static final SeriesId POWER = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu_uuid", "GPU-1"));
    static final SeriesId TEMP =
            SeriesId.gauge("gpu_temperature_celsius", Unit.CELSIUS, Labels.of("gpu_uuid", "GPU-1"));
    static final SeriesId ENERGY =
            SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("gpu_uuid", "GPU-1"));

    private TestSeries() {}

    /** Defaults with a fixed clock and no background retention, so tests decide when it runs. */
    static HistoryOptions options() {
        return HistoryOptions.defaults().withClock(CLOCK).withMaintenanceInterval(Duration.ZERO);
    }

    static Snapshot snapshot(SeriesId series, long epochMillis, double value) {
        return Snapshot.of("test", epochMillis, List.of(new Sample(series, epochMillis, value)));
    }

    static Snapshot snapshot(List<Sample> samples) {
        return Snapshot.of("test", samples.isEmpty() ? 0 : samples.getFirst().epochMillis(), samples);
    }
}
