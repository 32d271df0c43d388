package io.gridscope.history;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Encodes a run of rollup buckets of one series (bucket starts plus count, sum, min, max, last and counter
 * increase per bucket) into one byte array: six {@link ChunkCodec} chunks over the same bucket starts, each
 * prefixed with its length. Regular bucket starts cost about one bit per column, so a 1-minute bucket of a steady
 * series costs a few bytes instead of a ~60-byte row. Pure; safe from any thread.
 */
final class RollupCodec {
    private static final int COLUMNS = 6;

    /** Buckets in time order; {@code increase} is NaN for gauges. */
    record Buckets(
            long[] starts, double[] count, double[] sum, double[] min, double[] max, double[] last, double[] increase) {
        int size() {
            return starts.length;
        }
    }

    private RollupCodec() {}

    static byte[] encode(long[] starts, double[][] columns, int n) {
        if (columns.length != COLUMNS) {
            throw new IllegalArgumentException("rollups have " + COLUMNS + " columns, got " + columns.length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * n + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (double[] column : columns) {
                byte[] chunk = ChunkCodec.encode(starts, column, n);
                out.writeInt(chunk.length);
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static Buckets decode(byte[] data) {
        double[][] columns = new double[COLUMNS][];
        long[] starts = null;
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            for (int c = 0; c < COLUMNS; c++) {
                int len = in.readInt();
                if (len < 1 || len > data.length) {
                    throw new IllegalArgumentException("bad rollup column length " + len);
                }
                byte[] chunk = new byte[len];
                in.readFully(chunk);
                ChunkCodec.Samples s = ChunkCodec.decode(chunk);
                if (starts == null) {
                    starts = s.epochMillis();
                } else if (!Arrays.equals(starts, s.epochMillis())) {
                    throw new IllegalArgumentException("rollup columns disagree on bucket starts");
                }
                columns[c] = s.values();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated rollup chunk (" + data.length + " bytes)", e);
        }
        return new Buckets(starts, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
    }
}
