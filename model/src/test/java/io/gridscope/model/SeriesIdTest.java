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
    void theUnitSuffixMustBeAWholeWordBeforeTotal() {
        assertThatThrownBy(() -> SeriesId.gauge("gpu_powerwatts", Unit.WATTS, Labels.EMPTY))
                .hasMessageContaining("must end with _watts");
        assertThatThrownBy(() -> SeriesId.gauge("watts", Unit.WATTS, Labels.EMPTY))
                .hasMessageContaining("must end with _watts");
        assertThat(SeriesId.gauge("_watts", Unit.WATTS, Labels.EMPTY).metric()).isEqualTo("_watts");
        assertThatThrownBy(() -> SeriesId.counter("energy_joules_total_total", Unit.JOULES, Labels.EMPTY))
                .hasMessageContaining("must end with _joules_total");
        assertThatThrownBy(() -> SeriesId.counter("_total", Unit.JOULES, Labels.EMPTY))
                .hasMessageContaining("must end with _joules_total");
        assertThat(SeriesId.counter("requests_total", Unit.NONE, Labels.EMPTY).kind())
                .isEqualTo(MetricKind.COUNTER);
        assertThatThrownBy(() -> SeriesId.gauge("", Unit.NONE, Labels.EMPTY)).hasMessageContaining("invalid");
        assertThatThrownBy(() -> SeriesId.gauge("1x", Unit.NONE, Labels.EMPTY)).hasMessageContaining("invalid");
        assertThat(SeriesId.gauge("job:rate_1m:x9", Unit.NONE, Labels.EMPTY).metric())
                .isEqualTo("job:rate_1m:x9");
    }

    @Test
    void equalIdsHaveEqualHashesAndEveryComponentCounts() {
        SeriesId a = SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu", "0"));
        SeriesId same = SeriesId.gauge(new String("gpu_power_watts"), Unit.WATTS, Labels.of("gpu", "0"));
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a)
                .isNotEqualTo(SeriesId.gauge("gpu_power_watts", Unit.WATTS, Labels.of("gpu", "1")))
                .isNotEqualTo(SeriesId.gauge("gpu_power_watts", Unit.NONE, Labels.of("gpu", "0")))
                .isNotEqualTo(SeriesId.gauge("gpu_powr_watts", Unit.WATTS, Labels.of("gpu", "0")))
                .isNotEqualTo("gpu_power_watts");
        SeriesId gauge = SeriesId.gauge("requests_total", Unit.NONE, Labels.EMPTY);
        SeriesId counter = SeriesId.counter("requests_total", Unit.NONE, Labels.EMPTY);
        assertThat(gauge).isNotEqualTo(counter).isEqualTo(SeriesId.gauge("requests_total", Unit.NONE, Labels.EMPTY));
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
