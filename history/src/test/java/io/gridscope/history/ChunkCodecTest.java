package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static void assertRoundTrip(long[] ts, double[] values) {
        ChunkCodec.Samples back = ChunkCodec.decode(ChunkCodec.encode(ts, values));
        assertThat(back.epochMillis()).containsExactly(ts);
        long[] expectedBits =
                Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] actualBits = Arrays.stream(back.values())
                .mapToLong(Double::doubleToRawLongBits)
                .toArray();
        assertThat(actualBits).containsExactly(expectedBits);
    }

    @Test
    void specialDoublesSurviveBitForBit() {
        double payloadNaN = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
        double[] v = {
            1.5,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            payloadNaN,
            Double.MIN_VALUE,
            -Double.MAX_VALUE,
            1.5
        };
        long[] ts = new long[v.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_700_000_000_000L + 1000L * i;
        }
        assertRoundTrip(ts, v);
        assertThat(ChunkCodec.layout(ChunkCodec.encode(ts, v)).values()).isEqualTo(ChunkCodec.Values.XOR);
    }

    @Test
    void equalAndBackwardsTimestampsAreKeptInGivenOrder() {
        long[] ts = {1000, 1000, 1000, 2000, 1500, -5, Long.MAX_VALUE / 4, 7};
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        assertRoundTrip(ts, v);
    }

    @Test
    void singleSampleAndHugeDeltas() {
        assertRoundTrip(new long[] {Long.MIN_VALUE / 2}, new double[] {42.25});
        assertRoundTrip(new long[] {0, Long.MAX_VALUE / 2, 0}, new double[] {Long.MAX_VALUE, -1e300, 3});
    }

    @Test
    void decimalValuesUseTheCompactEncodingAndStayExact() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 240;
        long[] ts = new long[n];
        double[] watts = new double[n];
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 1000L * i + r.nextInt(-3, 4);
            watts[i] = (200_000 + r.nextInt(-800, 800)) / 1000.0; // milliwatts read from NVML
            ratio[i] = r.nextInt(0, 101) / 100.0;
        }
        assertRoundTrip(ts, watts);
        assertRoundTrip(ts, ratio);
        assertThat(ChunkCodec.layout(ChunkCodec.encode(ts, watts)))
                .satisfies(l -> assertThat(l.values()).isNotEqualTo(ChunkCodec.Values.XOR))
                .satisfies(l -> assertThat(l.decimals()).isEqualTo(3));
        assertThat(ChunkCodec.decimalsFor(watts, n)).isEqualTo(3);
        // +-0.8 W noise at milliwatt resolution: Rice-coded deltas (~17 bits a sample with time; buckets need ~21)
        assertThat(ChunkCodec.encode(ts, watts).length).isLessThan(n * 9 / 4);
        assertThat(ChunkCodec.decimalsFor(new double[] {0.1 + 0.2}, 1)).isEqualTo(-1);
    }

    @Test
    void steadySecondSeriesCompressesBelowOneBytePerSample() {
        int n = 240;
        long[] ts = new long[n];
        double[] temp = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 1000L * i;
            temp[i] = 64 + (i / 60);
        }
        byte[] chunk = ChunkCodec.encode(ts, temp);
        assertThat(chunk.length).isLessThan(n / 2);
        assertRoundTrip(ts, temp);
    }

    @Test
    void randomDoublesAndTimestampsRoundTrip() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int n = r.nextInt(1, 300);
            long[] ts = new long[n];
            double[] v = new double[n];
            long t = r.nextLong();
            for (int i = 0; i < n; i++) {
                t += r.nextInt(4) == 0 ? r.nextLong() >> r.nextInt(64) : 1000 + r.nextInt(-50, 50);
                ts[i] = t;
                v[i] = switch (r.nextInt(4)) {
                    case 0 -> Double.longBitsToDouble(r.nextLong());
                    case 1 -> r.nextInt(1000) / 10.0;
                    case 2 -> i > 0 ? v[i - 1] : 0;
                    default -> r.nextDouble() * 1e6;
                };
            }
            assertRoundTrip(ts, v);
        }
    }

    @Test
    void integerCodesRoundTripAtTheirLimits() {
        long[] extremes = {0, 1, -1, 23, -24, 1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 5};
        SplittableRandom r = new SplittableRandom(3);
        long[] noise = new long[500];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextInt(-5000, 5000);
        }
        for (long[] v : new long[][] {extremes, noise, new long[] {0, 0, 0}, new long[0]}) {
            ChunkCodec.BitWriter w = new ChunkCodec.BitWriter(8);
            ChunkCodec.writeIntegers(w, v);
            byte[] bytes = w.toBytes();
            assertThat(ChunkCodec.readIntegers(new ChunkCodec.BitReader(bytes, 0), v.length))
                    .containsExactly(v);
        }
    }

    @Test
    void rejectsEmptyAndGarbage() {
        assertThatThrownBy(() -> ChunkCodec.encode(new long[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {9, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown chunk encoding");
        byte[] good = ChunkCodec.encode(new long[] {1, 2, 3}, new double[] {1.1, 2.2, 3.3});
        assertThatThrownBy(() -> ChunkCodec.decode(Arrays.copyOf(good, 4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
