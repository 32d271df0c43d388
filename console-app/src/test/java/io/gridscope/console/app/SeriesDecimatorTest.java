package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Unit;
import io.gridscope.history.SeriesData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeriesDecimatorTest {
    private static final SeriesId ID = SeriesId.gauge("x_ratio", Unit.RATIO, Labels.EMPTY);

    @Test
    void keepsMinAndMaxOfEachBucketInTimeOrder() {
        int n = 100_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 1_000L;
            v[i] = i == 41_234 ? 9 : (i % 7) / 10.0;
        }
        SeriesData d = SeriesDecimator.minMax(new SeriesData(ID, t, v), 0, n * 1_000L, 500);
        assertThat(d.size()).isLessThanOrEqualTo(1_000).isGreaterThan(500);
        assertThat(Arrays.stream(d.values()).max().orElseThrow()).isEqualTo(9);
        assertThat(Arrays.stream(d.values()).min().orElseThrow()).isEqualTo(0);
        for (int i = 1; i < d.size(); i++) {
            assertThat(d.epochMillis()[i]).isGreaterThan(d.epochMillis()[i - 1]);
        }
    }

    @Test
    void smallSeriesPassThroughUntouched() {
        SeriesData d = new SeriesData(ID, new long[] {1, 2, 3}, new double[] {1, 2, 3});
        assertThat(SeriesDecimator.minMax(d, 0, 10, 100)).isSameAs(d);
    }
}
