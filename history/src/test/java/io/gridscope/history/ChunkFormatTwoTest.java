package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Format 2 of {@link ChunkCodec}: grid timestamps, common factors, levels, frames of reference; and format 1. */
class ChunkFormatTwoTest {
    private static final long T0 = 1_767_225_600_000L;

    private static byte[] assertRoundTrip(long[] ts, double[] values) {
        byte[] chunk = ChunkCodec.encode(ts, values);
        ChunkCodec.Samples back = ChunkCodec.decode(chunk);
        assertThat(back.epochMillis()).containsExactly(ts);
        assertThat(bits(back.values())).containsExactly(bits(values));
        assertThat(ChunkCodec.layout(chunk).format()).isEqualTo(2);
        return chunk;
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static long[] regular(int n, long stepMillis) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + stepMillis * i;
        }
        return ts;
    }

    @Test
    void aRegularCadenceAndAConstantValueCostOnlyTheHeader() {
        double[] v = new double[720];
        Arrays.fill(v, 68_719_476_736.0);
        byte[] chunk = assertRoundTrip(regular(720, 1000), v);
        assertThat(ChunkCodec.layout(chunk).gridTimes()).isTrue();
        assertThat(chunk.length).isLessThan(32);
    }

    @Test
    void schedulerJitterCostsTwoBitsASample() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 240;
        long[] ts = regular(n, 1000);
        for (int i = 0; i < n; i++) {
            ts[i] += r.nextInt(4);
        }
        double[] v = new double[n];
        Arrays.fill(v, 42);
        byte[] chunk = assertRoundTrip(ts, v);
        assertThat(ChunkCodec.layout(chunk).gridTimes()).isTrue();
        assertThat(chunk.length).isLessThanOrEqualTo(2 * n / 8 + 24);
        // jitter that is not symmetric around the median interval: the mean interval is the grid
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + 1000L * i + Math.floorMod(7L * i, 4);
        }
        assertThat(assertRoundTrip(ts, v).length).isLessThanOrEqualTo(2 * n / 8 + 24);
    }

    @Test
    void aDriftingCadenceKeepsDeltasOfDeltas() {
        int n = 300;
        long[] ts = new long[n];
        long t = T0;
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            t += 1000 + i; // slows down steadily: a grid fits badly, deltas of deltas are all 1
        }
        double[] v = new double[n];
        byte[] chunk = assertRoundTrip(ts, v);
        assertThat(ChunkCodec.layout(chunk).gridTimes()).isFalse();
    }

    @Test
    void aCommonFactorOfTheStepsIsDividedOut() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 240;
        double[] pages = new double[n];
        double[] hertz = new double[n];
        double[] noFactor = new double[n];
        long used = 20L << 30;
        for (int i = 0; i < n; i++) {
            used += 4096L * r.nextInt(-200, 201);
            pages[i] = used;
            hertz[i] = (1_980 - 15 * r.nextInt(3)) * 1e6;
            noFactor[i] = used + r.nextInt(4096);
        }
        long[] ts = regular(n, 1000);
        byte[] withFactor = assertRoundTrip(ts, pages);
        byte[] without = assertRoundTrip(ts, noFactor);
        // 4096 = 12 bits a sample less
        assertThat(without.length - withFactor.length).isGreaterThan(n * 11 / 8);
        assertThat(assertRoundTrip(ts, hertz).length).isLessThan(n * 3 / 8 + 24);
    }

    @Test
    void noiseAroundALevelIsStoredAsOffsetsFromTheFirstValue() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 240;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(0, 64) / 100.0; // uniform: 6 bits a sample as offsets, 7 as deltas
        }
        byte[] chunk = assertRoundTrip(regular(n, 1000), v);
        assertThat(ChunkCodec.layout(chunk).values()).isEqualTo(ChunkCodec.Values.DECIMAL_LEVEL);
        assertThat(chunk.length).isLessThan(n * 6 / 8 + 24);
    }

    @Test
    void randomChunksRoundTripBitForBit() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 2000; round++) {
            int n = r.nextInt(1, 400);
            long[] ts = new long[n];
            double[] v = new double[n];
            long t = switch (r.nextInt(3)) {
                case 0 -> r.nextLong();
                case 1 -> Long.MAX_VALUE - r.nextInt(1_000_000);
                default -> T0;
            };
            long step = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(1, 100_000);
            int jitter = r.nextInt(1, 50);
            int decimals = r.nextInt(0, 8);
            long factor = 1L << r.nextInt(0, 30);
            double level = r.nextInt(-1_000_000, 1_000_000);
            int shape = r.nextInt(7);
            for (int i = 0; i < n; i++) {
                ts[i] = switch (r.nextInt(20)) {
                    case 0 -> r.nextLong(); // wild: backwards, huge, wrapping
                    case 1 -> ts[Math.max(0, i - 1)]; // repeated
                    default -> t + i * step + r.nextInt(jitter);
                };
                v[i] = switch (shape) {
                    case 0 -> Double.longBitsToDouble(r.nextLong());
                    case 1 -> (level + factor * r.nextInt(-100, 100)) / Math.pow(10, decimals);
                    case 2 -> i > 0 && r.nextInt(10) > 0 ? v[i - 1] : r.nextInt(1000) / 10.0;
                    case 3 -> (r.nextLong() >> 11) / 1000.0; // near 2^53 scaled
                    case 4 -> specials(r);
                    case 5 -> level * 4096 + factor * i;
                    default -> r.nextDouble() * 1e6;
                };
            }
            assertRoundTrip(ts, v);
        }
    }

    private static double specials(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> Double.MIN_VALUE;
            case 5 -> Double.longBitsToDouble(0x7ff8_0000_0000_0001L + r.nextInt(1000)); // NaN payloads
            case 6 -> 9_007_199_254_740_992.0; // 2^53
            default -> r.nextInt(100) / 8.0;
        };
    }

    @Test
    void aLatePassNowAndThenCostsItsOwnOffsetNotABitForEverySample() {
        int n = 720;
        long[] ts = regular(n, 1000);
        ts[100] += 57;
        ts[611] += 180;
        double[] v = new double[n];
        Arrays.fill(v, 42);
        byte[] chunk = assertRoundTrip(ts, v);
        assertThat(ChunkCodec.layout(chunk).gridTimes()).isTrue();
        // buckets would take a bit per sample (90 bytes); sparse takes the two positions and offsets
        assertThat(chunk.length).isLessThan(32);
    }

    @Test
    void sparseIntegersRoundTripAndDamageIsRefused() {
        long[][] runs = {
            new long[300], {0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, -9}, {Long.MIN_VALUE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        };
        runs[0][299] = Long.MAX_VALUE;
        runs[0][0] = 1;
        for (long[] v : runs) {
            ChunkCodec.BitWriter w = new ChunkCodec.BitWriter(8);
            ChunkCodec.writeIntegers(w, v);
            byte[] bytes = w.toBytes();
            if (v == runs[0]) {
                assertThat((bytes[0] & 0xFF) >>> 2).as("sparse mode header").isEqualTo(61);
            }
            assertThat(ChunkCodec.readIntegers(new ChunkCodec.BitReader(bytes, 0), v.length))
                    .containsExactly(v);
        }
        // a position past the end, or more values than integers
        ChunkCodec.BitWriter past = new ChunkCodec.BitWriter(8);
        past.write(61, 6);
        ChunkCodec.writeBucketed(past, 1);
        ChunkCodec.writeBucketed(past, 12);
        ChunkCodec.writeBucketed(past, 3);
        assertThatThrownBy(() -> ChunkCodec.readIntegers(new ChunkCodec.BitReader(past.toBytes(), 0), 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad sparse position");
        ChunkCodec.BitWriter many = new ChunkCodec.BitWriter(8);
        many.write(61, 6);
        ChunkCodec.writeBucketed(many, 13);
        assertThatThrownBy(() -> ChunkCodec.readIntegers(new ChunkCodec.BitReader(many.toBytes(), 0), 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad sparse count");
    }

    @Test
    void frameOfReferenceIntegersRoundTripAtTheirLimits() {
        long[][] runs = {
            {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1},
            {7, 7, 7, 7, 7},
            {-3, 0, 3, -2, 1},
            {Long.MAX_VALUE, Long.MAX_VALUE - 3, Long.MAX_VALUE - 1},
            {Long.MIN_VALUE, Long.MIN_VALUE + 2}
        };
        for (long[] v : runs) {
            ChunkCodec.BitWriter w = new ChunkCodec.BitWriter(8);
            ChunkCodec.writeIntegers(w, v);
            assertThat(ChunkCodec.readIntegers(new ChunkCodec.BitReader(w.toBytes(), 0), v.length))
                    .containsExactly(v);
        }
    }

    @Test
    void formatOneChunksAreStillRead() {
        // written by the schema-version-5 encoder: three samples 1 s apart (jitter 2 ms) as XOR, decimal deltas
        // (watts with three decimals) and decimal deltas of deltas (a counter)
        long[] ts = {1_767_225_600_000L, 1_767_225_601_002L, 1_767_225_602_001L};
        assertThat(ChunkCodec.decode(HexFormat.of().parseHex(FORMAT1_XOR)))
                .satisfies(s -> assertThat(s.epochMillis()).containsExactly(ts))
                .satisfies(s ->
                        assertThat(bits(s.values())).containsExactly(bits(new double[] {Math.PI, Double.NaN, -0.0})));
        assertThat(ChunkCodec.decode(HexFormat.of().parseHex(FORMAT1_DELTA)).values())
                .containsExactly(200.125, 199.5, 201.001);
        assertThat(ChunkCodec.decode(HexFormat.of().parseHex(FORMAT1_DELTA_OF_DELTA))
                        .values())
                .containsExactly(5_000_000.0, 5_000_200.0, 5_000_400.0);
        assertThat(ChunkCodec.layout(HexFormat.of().parseHex(FORMAT1_DELTA)))
                .isEqualTo(new ChunkCodec.Layout(1, false, ChunkCodec.Values.DECIMAL_DELTA, 3));
    }

    static final String FORMAT1_XOR = "010380a0d5edee66ffafa60801243f6a8885a318baffc487ed5110b4780cfff8";
    static final String FORMAT1_DELTA = "020380a0d5edee6603ffafa61ffac36f3963bb7700";
    static final String FORMAT1_DELTA_OF_DELTA = "030380a0d5edee6600ffafa61ffd0098967fd18e";

    @Test
    void decimalSumsStayExactDecimals() {
        double sum = 0;
        for (int i = 0; i < 60; i++) {
            sum = ChunkCodec.decimalSum(sum, 0.1);
        }
        assertThat(sum).isEqualTo(6.0);
        assertThat(ChunkCodec.decimalSum(0.1, 0.2)).isEqualTo(0.3);
        assertThat(ChunkCodec.decimalSum(200.125, 1e-6)).isEqualTo(200.125001);
        assertThat(ChunkCodec.decimalSum(1.0 / 3, 1)).isEqualTo(1.0 / 3 + 1);
        assertThat(ChunkCodec.decimalSum(Double.NaN, 1)).isNaN();
        assertThat(ChunkCodec.decimalSum(Double.POSITIVE_INFINITY, 1)).isInfinite();
        assertThat(ChunkCodec.decimalSum(9e15, 9e15)).isEqualTo(1.8e16);
        assertThat(ChunkCodec.decimalSum(4e12, 0.000001)).isEqualTo(4e12 + 0.000001);
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            double a = r.nextInt(-1_000_000, 1_000_000) / 1000.0;
            double b = r.nextInt(-1_000_000, 1_000_000) / 100.0;
            double s = ChunkCodec.decimalSum(a, b);
            assertThat(s).isEqualTo((Math.round(a * 1000) + Math.round(b * 100) * 10) / 1000.0);
            assertThat(ChunkCodec.decimalsOf(s)).isBetween(0, 3);
        }
    }

    @Test
    void unknownTagsAndTruncationAreRejected() {
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {0x1f, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown chunk encoding");
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        // a constant at a regular cadence costs no bits a sample, so the count is bounded by the largest chunk
        byte[] constant = ChunkCodec.encode(regular(ChunkCodec.MAX_SAMPLES, 1000), new double[ChunkCodec.MAX_SAMPLES]);
        assertThat(ChunkCodec.decode(constant).size()).isEqualTo(ChunkCodec.MAX_SAMPLES);
        byte[] tooMany = constant.clone();
        assertThat(tooMany[3]).isEqualTo((byte) 0x03); // the count's varint: ff ff 03 = 65_535
        tooMany[3] = 0x04; // ff ff 04 = 81_919
        assertThatThrownBy(() -> ChunkCodec.decode(tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("implausible sample count");
        assertThatThrownBy(() -> ChunkCodec.encode(new long[70_000], new double[70_000]))
                .isInstanceOf(IllegalArgumentException.class);
        SplittableRandom r = new SplittableRandom(5);
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(1000) / 10.0;
        }
        byte[] good = ChunkCodec.encode(regular(100, 1000), v);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThatThrownBy(() -> ChunkCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
