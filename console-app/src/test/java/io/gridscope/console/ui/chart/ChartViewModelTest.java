package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.ui.shell.TimeRange;
import io.gridscope.history.SeriesData;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartViewModelTest {
    private static final ChartSpec RX = new ChartSpec(
            "rx",
            "Received",
            "B/s",
            "host_network_receive_bytes_per_second",
            Labels.EMPTY,
            "interface",
            null,
            1,
            0,
            Double.NaN,
            "");

    private static Sample rx(String iface, long t, double v) {
        return new Sample(
                SeriesId.gauge(
                        "host_network_receive_bytes_per_second",
                        Unit.BYTES_PER_SECOND,
                        Labels.of("host", "h", "interface", iface)),
                t,
                v);
    }

    @Test
    void oneLinePerLabelValueInOrderOfAppearance() {
        ChartViewModel c = new ChartViewModel(RX);
        c.onSamples(List.of(
                rx("eth0", 1_000, 10),
                rx("lo", 1_000, 1),
                rx("eth0", 2_000, 20),
                new Sample(SeriesId.gauge("other_ratio", Unit.RATIO, Labels.EMPTY), 1_000, 0.5)));
        assertThat(c.lines()).extracting(ChartViewModel.Line::name).containsExactly("eth0", "lo");
        assertThat(c.line("eth0").points().size()).isEqualTo(2);
    }

    @Test
    void linesBeyondTheCapAreCountedNotDrawn() {
        ChartViewModel c = new ChartViewModel(RX);
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < ChartSpec.MAX_LINES + 4; i++) {
            batch.add(rx("veth" + i, 1_000, i));
        }
        c.onSamples(batch);
        c.onSamples(List.of(rx("veth19", 2_000, 1)));
        assertThat(c.lines()).hasSize(ChartSpec.MAX_LINES);
        assertThat(c.omittedLinesProperty().get()).isEqualTo(4);
    }

    @Test
    void historyCreatesLinesAndARangeChangeClearsThem() {
        ChartViewModel c = new ChartViewModel(RX);
        c.onHistory(List.of(new SeriesData(rx("eth0", 0, 0).series(), new long[] {1, 2}, new double[] {3, 4})));
        assertThat(c.line("eth0").points().size()).isEqualTo(2);
        c.applyRange(TimeRange.live(Duration.ofHours(6)), 10);
        assertThat(c.line("eth0").points().size()).isZero();
    }
}
