package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesIdTest {
    @Test
    void metricNamesCarryTheirUnit() {
        assertThat(SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.EMPTY).toString())
                .isEqualTo("gpu_power_watts");
        assertThat(SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("gpu_uuid", "GPU-1")))
                .hasToString("gpu_energy_joules_total{gpu_uuid=\"GPU-1\"}");
        assertThatThrownBy(() -> SeriesId.gauge("gpu_power", Unit.WATTS, Labels.EMPTY))
                .hasMessageContaining("must end with _watts");
        assertThatThrownBy(() -> SeriesId.counter("gpu_energy_joules", Unit.JOULES, Labels.EMPTY))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> SeriesId.gauge("bad-name_ratio", Unit.RATIO, Labels.EMPTY))
                .hasMessageContaining("invalid metric name");
    }

    @Test
    void dimensionlessSeriesNeedNoSuffix() {
        assertThat(SeriesId.gauge("host_load1", Unit.NONE, Labels.EMPTY).unit()).isEqualTo(Unit.NONE);
    }

    @Test
    void unitAndKindRoundTripThroughStorageNames() {
        for (Unit u : Unit.values()) {
            assertThat(Unit.fromStorageName(u.storageName())).isEqualTo(u);
        }
        for (MetricKind k : MetricKind.values()) {
            assertThat(MetricKind.fromStorageName(k.storageName())).isEqualTo(k);
        }
    }
}
