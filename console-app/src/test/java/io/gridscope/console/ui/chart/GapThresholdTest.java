package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapThresholdTest {
    private static PointBuffer every(long stepMillis, int count, long holeAfter, long holeMillis) {
        PointBuffer p = new PointBuffer();
        long t = 0;
        for (int i = 0; i < count; i++) {
            p.append(t, i);
            t += stepMillis + (i == holeAfter ? holeMillis : 0);
        }
        return p;
    }

    @Test
    void sparselySampledLinesGetAWiderThresholdButRealHolesStayGaps() {
        assertThat(TimeSeriesChart.gapFor(every(1_000, 100, -1, 0), 5_000)).isEqualTo(5_000);
        assertThat(TimeSeriesChart.gapFor(every(15_000, 100, -1, 0), 5_000)).isEqualTo(45_000);
        // one 10-minute outage among 15 s scrapes does not move the median: it is still a gap
        long threshold = TimeSeriesChart.gapFor(every(15_000, 100, 95, 600_000), 5_000);
        assertThat(threshold).isEqualTo(45_000).isLessThan(600_000);
        assertThat(TimeSeriesChart.gapFor(every(15_000, 2, -1, 0), 5_000))
                .as("too few points to tell")
                .isEqualTo(5_000);
    }
}
