package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointBufferTest {
    @Test
    void appendsInOrderAndIgnoresOlderOrEqualTimes() {
        PointBuffer b = new PointBuffer(16);
        for (int i = 0; i < 100; i++) {
            b.append(i * 10L, i);
        }
        assertThat(b.append(990, 1)).isFalse();
        assertThat(b.append(500, 1)).isFalse();
        assertThat(b.size()).isEqualTo(100);
        assertThat(b.lastTime()).isEqualTo(990);
    }

    @Test
    void trimAndLowerBound() {
        PointBuffer b = PointBuffer.of(new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4});
        assertThat(b.lowerBound(25)).isEqualTo(2);
        assertThat(b.lowerBound(30)).isEqualTo(2);
        assertThat(b.lowerBound(99)).isEqualTo(4);
        b.trimBefore(25);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.firstTime()).isEqualTo(30);
        assertThat(b.value(0)).isEqualTo(3);
        b.append(50, 5);
        assertThat(b.size()).isEqualTo(3);
        b.trimBefore(100);
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void olderPointsGoInFront() {
        PointBuffer b = PointBuffer.of(new long[] {30, 40}, new double[] {3, 4});
        assertThat(b.prependOlder(new long[] {10, 20, 30, 35}, new double[] {1, 2, 9, 9}, 4))
                .isEqualTo(2);
        assertThat(b.size()).isEqualTo(4);
        assertThat(b.time(0)).isEqualTo(10);
        assertThat(b.value(2)).isEqualTo(3);
    }

    @Test
    void compactionKeepsEachBucketsExtremesAndHalvesTheBuffer() {
        PointBuffer p = new PointBuffer();
        for (int i = 0; i < 100_000; i++) {
            p.append(i * 1_000L, i == 54_321 ? 99 : Math.sin(i / 100.0));
        }
        int removed = p.compact(20_000);
        assertThat(p.size()).isLessThanOrEqualTo(10_000).isEqualTo(100_000 - removed);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            max = Math.max(max, p.value(i));
            if (i > 0) {
                assertThat(p.time(i)).isGreaterThan(p.time(i - 1));
            }
        }
        assertThat(max).as("a one-sample spike survives").isEqualTo(99);
        assertThat(p.firstTime()).isZero();
        assertThat(p.lastTime()).isEqualTo(99_999_000L);
        assertThat(p.compact(20_000)).as("under the limit nothing changes").isZero();
    }
}
