package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.SeriesAggregates;
import io.gridscope.history.SeriesData;
import io.gridscope.history.Tier;
import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import org.junit.jupiter.api.Test;

class ChartPointsTest {
    private static final SeriesId ID = SeriesId.gauge("x_ratio", Unit.RATIO, Labels.EMPTY);

    @Test
    void eachStepBecomesItsEnvelopeAndEmptyStepsStayGaps() {
        SeriesAggregates a = new SeriesAggregates(
                ID,
                Tier.MINUTE,
                60_000,
                new long[] {0, 60_000, 120_000, 180_000},
                new long[] {60, 1, 0, 60},
                new double[] {30, 0.7, 0, 60},
                new double[] {0.1, 0.7, Double.NaN, 1},
                new double[] {0.9, 0.7, Double.NaN, 1},
                new double[] {0.5, 0.7, Double.NaN, 1},
                new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        SeriesData d = ChartPoints.envelope(a);
        assertThat(d.epochMillis()).containsExactly(0, 30_000, 60_000, 180_000);
        assertThat(d.values()).containsExactly(0.1, 0.9, 0.7, 1);
    }
}
