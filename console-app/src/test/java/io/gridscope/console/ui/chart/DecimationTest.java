package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecimationTest {
    @Test
    void eachColumnKeepsFirstMinMaxAndLastSoSpikesSurvive() {
        PointBuffer p = new PointBuffer();
        for (int t = 0; t < 1_000; t++) {
            p.append(t, t == 537 ? 100 : 1);
        }
        Decimation.Columns c = Decimation.minMax(p, 0, 1_000, 10, 0);
        assertThat(c.count()).containsOnly(100);
        assertThat(c.max()[5]).isEqualTo(100); // the one-sample spike at t=537
        assertThat(c.max()[4]).isEqualTo(1);
        assertThat(c.first()[0]).isEqualTo(1);
        assertThat(c.last()[9]).isEqualTo(1);
    }

    @Test
    void onlyPointsInsideTheRangeCount() {
        PointBuffer p = PointBuffer.of(new long[] {5, 10, 20, 30}, new double[] {9, 1, 2, 3});
        Decimation.Columns c = Decimation.minMax(p, 10, 30, 2, 0);
        assertThat(c.count()).containsExactly(1, 1);
        assertThat(c.first()).containsExactly(1, 2);
    }

    @Test
    void missingDataBreaksTheLine() {
        PointBuffer p = new PointBuffer();
        for (long t = 0; t < 10_000; t += 1_000) {
            p.append(t, 1);
        }
        for (long t = 60_000; t < 70_000; t += 1_000) {
            p.append(t, 2);
        }
        Decimation.Columns c = Decimation.minMax(p, 0, 70_000, 70, 5_000);
        assertThat(c.breakBefore()[0]).isTrue(); // start of the first segment
        assertThat(c.breakBefore()[5]).isFalse();
        assertThat(c.breakBefore()[60]).isTrue(); // after the 50 s hole
        assertThat(c.count()[30]).isZero();
    }

    @Test
    void nanAndInfinityAreGapsNotValues() {
        PointBuffer p =
                PointBuffer.of(new long[] {0, 1, 2, 3}, new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 4});
        Decimation.Columns c = Decimation.minMax(p, 0, 4, 4, 0);
        assertThat(c.count()).containsExactly(1, 0, 0, 1);
        assertThat(c.breakBefore()[3]).isTrue();
    }

    @Test
    void threeHundredThousandPointsReduceToAtMostTheWidth() {
        PointBuffer p = new PointBuffer();
        for (int i = 0; i < 300_000; i++) {
            p.append(i * 1_000L, Math.sin(i / 100.0));
        }
        Decimation.Columns c = Decimation.minMax(p, 0, 300_000_000L, 1_200, 5_000);
        assertThat(c.nonEmpty()).isEqualTo(1_200);
        assertThat(java.util.Arrays.stream(c.count()).sum()).isEqualTo(300_000);
    }

    @Test
    void aRedrawIntoThePreviousColumnsGivesWhatFreshArraysGive() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        PointBuffer spiky = new PointBuffer();
        PointBuffer sparse = new PointBuffer();
        for (int t = 0; t < 10_000; t++) {
            spiky.append(t * 10L, r.nextDouble() * 100);
            if (t % 97 == 0) {
                sparse.append(t * 10L, -t); // columns left empty, and gaps, where the spiky line had points
            }
        }
        Decimation.Columns reused = Decimation.minMax(spiky, 0, 100_000, 300, 50);
        // each into the other's leftovers: empty columns after full ones, and unbroken after broken ones
        for (PointBuffer p : java.util.List.of(sparse, spiky, sparse)) {
            Decimation.Columns previous = reused;
            reused = Decimation.minMax(p, 0, 100_000, 300, 50, previous);
            Decimation.Columns fresh = Decimation.minMax(p, 0, 100_000, 300, 50);
            assertThat(reused.count()).as("the arrays are reused").isSameAs(previous.count());
            assertThat(reused.count()).containsExactly(fresh.count());
            assertThat(reused.breakBefore()).containsExactly(fresh.breakBefore());
            assertThat(reused.min()).containsExactly(fresh.min());
            assertThat(reused.max()).containsExactly(fresh.max());
            for (int i = 0; i < 300; i++) {
                if (fresh.count()[i] > 0) {
                    assertThat(reused.first()[i]).isEqualTo(fresh.first()[i]);
                    assertThat(reused.last()[i]).isEqualTo(fresh.last()[i]);
                }
            }
        }
        assertThat(Decimation.minMax(sparse, 0, 100_000, 200, 50, reused).count())
                .as("another width allocates")
                .hasSize(200);
    }
}
