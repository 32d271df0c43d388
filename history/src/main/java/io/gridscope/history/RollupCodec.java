package io.gridscope.history;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes a run of rollup buckets of one series (bucket starts plus count, sum, min, max, last and counter
 * increase per bucket) into one byte array: six {@link ChunkCodec} chunks over the same bucket starts, each
 * prefixed with its length. Regular bucket starts cost about one bit per column, so a 1-minute bucket of a steady
 * series costs a few bytes instead of a ~60-byte row. Pure; safe from any thread (a {@link ChunkCodec.Scratch}
 * is one thread's).
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
        return encode(starts, columns, n, new ChunkCodec.Scratch());
    }

    /** Each column as a chunk, preceded by its length (4 bytes, big-endian); {@code scratch} as in ChunkCodec. */
    static byte[] encode(long[] starts, double[][] columns, int n, ChunkCodec.Scratch scratch) {
        if (columns.length != COLUMNS) {
            throw new IllegalArgumentException("rollups have " + COLUMNS + " columns, got " + columns.length);
        }
        byte[][] chunks = new byte[COLUMNS][];
        int length = 0;
        for (int c = 0; c < COLUMNS; c++) {
            chunks[c] = ChunkCodec.encode(starts, columns[c], n, scratch);
            length += 4 + chunks[c].length;
        }
        ByteBuffer out = ByteBuffer.allocate(length); // big-endian, as DataInputStream reads it
        for (byte[] chunk : chunks) {
            out.putInt(chunk.length).put(chunk);
        }
        return out.array();
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
