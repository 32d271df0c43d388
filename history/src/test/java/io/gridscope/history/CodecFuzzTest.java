package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the chunk and rollup codecs. Decoding arbitrary bytes either yields samples or throws
 * {@link IllegalArgumentException} (what the reader turns into "damaged chunk"), allocating in proportion to the
 * input; encoding fuzzer-chosen samples and decoding them gives back every timestamp and every value bit for bit
 * (NaN payloads, infinities and -0.0 included). {@code mvn verify} replays the corpus in {@code
 * CodecFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes.
 */
class CodecFuzzTest {
    /** Most samples a fuzzed chunk holds: the writer's chunks are far smaller. */
    private static final int MAX_SAMPLES = 512;

    @FuzzTest(maxDuration = "10s")
    void chunkDecodeRefusesDamageWithIllegalArgument(byte[] chunk) {
        ChunkCodec.Samples decoded;
        try {
            decoded = ChunkCodec.decode(chunk);
        } catch (IllegalArgumentException e) {
            return;
        }
        // every sample costs at least a bit, so a decoded chunk never claims more samples than its bits allow
        assertThat(decoded.size()).isBetween(1, chunk.length * 8 + 1);
        assertThat(decoded.epochMillis()).hasSize(decoded.size());
        // what decodes re-encodes to the same samples
        byte[] again = ChunkCodec.encode(decoded.epochMillis(), decoded.values());
        assertSameSamples(ChunkCodec.decode(again), decoded.epochMillis(), decoded.values(), decoded.size());
    }

    @FuzzTest(maxDuration = "10s")
    void chunkRoundTripKeepsEverySampleBitForBit(FuzzedDataProvider data) {
        int n = data.consumeInt(1, MAX_SAMPLES);
        long[] ts = timestamps(data, n);
        double[] vs = values(data, n);
        byte[] chunk = ChunkCodec.encode(ts, vs, n);
        assertSameSamples(ChunkCodec.decode(chunk), ts, vs, n);
        // the writer's reused working memory, left as every earlier input (longer or shorter) left it, changes nothing
        assertThat(ChunkCodec.encode(ts, vs, n, REUSED)).isEqualTo(chunk);
    }

    /** One scratch across all inputs of a run, as the writer keeps one across all series and commits. */
    private static final ChunkCodec.Scratch REUSED = new ChunkCodec.Scratch();

    @FuzzTest(maxDuration = "10s")
    void rollupDecodeRefusesDamageWithIllegalArgument(byte[] data) {
        RollupCodec.Buckets decoded;
        try {
            decoded = RollupCodec.decode(data);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(decoded.size()).isBetween(1, data.length * 8 + 1);
        assertThat(decoded.increase()).hasSize(decoded.size());
    }

    @FuzzTest(maxDuration = "10s")
    void rollupRoundTripKeepsEveryBucketBitForBit(FuzzedDataProvider data) {
        int n = data.consumeInt(1, MAX_SAMPLES / 4);
        long[] starts = timestamps(data, n);
        double[][] columns = new double[6][];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = values(data, n);
        }
        RollupCodec.Buckets back = RollupCodec.decode(RollupCodec.encode(starts, columns, n));
        assertThat(back.starts()).containsExactly(starts);
        double[][] decoded = {back.count(), back.sum(), back.min(), back.max(), back.last(), back.increase()};
        for (int c = 0; c < columns.length; c++) {
            assertSameSamples(new ChunkCodec.Samples(back.starts(), decoded[c]), starts, columns[c], n);
        }
    }

    /** Regular, jittered, repeated, backwards and arbitrary timestamps, as the fuzzer chooses. */
    private static long[] timestamps(FuzzedDataProvider data, int n) {
        long[] ts = new long[n];
        int style = data.consumeInt(0, 3);
        long step = data.consumeLong(-1L << 40, 1L << 40);
        ts[0] = data.consumeLong();
        for (int i = 1; i < n; i++) {
            ts[i] = switch (style) {
                case 0 -> ts[i - 1] + step;
                case 1 -> ts[i - 1] + step + data.consumeInt(-50, 50);
                case 2 -> ts[i - 1] + data.consumeInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
                default -> data.consumeLong();
            };
        }
        return ts;
    }

    /** Arbitrary bit patterns, or values with a few decimals (the decimal encodings), as the fuzzer chooses. */
    private static double[] values(FuzzedDataProvider data, int n) {
        double[] vs = new double[n];
        boolean decimal = data.consumeBoolean();
        int decimals = data.consumeInt(0, ChunkCodec.MAX_DECIMALS);
        double scale = Math.pow(10, decimals);
        for (int i = 0; i < n; i++) {
            vs[i] = decimal
                    ? data.consumeLong(-(1L << 53), 1L << 53) / scale
                    : Double.longBitsToDouble(data.consumeLong());
        }
        return vs;
    }

    private static void assertSameSamples(ChunkCodec.Samples back, long[] ts, double[] vs, int n) {
        assertThat(back.size()).isEqualTo(n);
        // plain comparisons first: AssertJ per sample would dominate the time of an execution
        for (int i = 0; i < n; i++) {
            if (back.epochMillis()[i] != ts[i]
                    || Double.doubleToRawLongBits(back.values()[i]) != Double.doubleToRawLongBits(vs[i])) {
                assertThat(back.epochMillis()[i]).as("timestamp %d", i).isEqualTo(ts[i]);
                assertThat(Double.doubleToRawLongBits(back.values()[i]))
                        .as("bits of value %d (%s, expected %s)", i, back.values()[i], vs[i])
                        .isEqualTo(Double.doubleToRawLongBits(vs[i]));
            }
        }
    }
}
