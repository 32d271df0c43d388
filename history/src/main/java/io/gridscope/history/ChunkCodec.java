package io.gridscope.history;

import java.util.Arrays;

/**
 * Encodes one chunk of a series' raw samples (timestamps and values) into a compact byte array, and back. A pure
 * function: no I/O, no state, safe from any thread.
 *
 * <p>Layout: one encoding byte, the sample count (unsigned varint), the first timestamp (zig-zag varint), then a
 * bit stream holding every timestamp as a delta-of-delta (Gorilla, Pelkonen et al. 2015, with Prometheus'
 * bucket widths, or Rice codes when shorter, see {@link #writeIntegers}) followed by every value in one of three
 * encodings. The encoder tries each applicable one and keeps
 * the smallest:
 * <ul>
 *   <li>{@link #XOR}: Gorilla XOR of consecutive IEEE-754 bit patterns. Works for every double, so NaN (with its
 *       payload), ±Infinity and -0.0 come back bit for bit.
 *   <li>{@link #DECIMAL_DELTA} / {@link #DECIMAL_DELTA_OF_DELTA}: used only when every value is exactly
 *       {@code n / 10^d} for one small {@code d} (temperatures in whole degrees, percentages, watts from
 *       milliwatts, bytes): the integers {@code n} are stored as deltas (gauges) or deltas of deltas (steady
 *       counters). The encoder proves exactness first, so the round trip is still bit for bit.
 * </ul>
 *
 * <p>Order: the codec keeps samples exactly in the order given, including equal timestamps and timestamps that go
 * backwards (deltas are signed). Deciding what to do with out-of-order samples is the writer's job
 * ({@link HistoryStore} rejects a sample older than the newest one of its series and counts it).
 */
final class ChunkCodec {
    static final byte XOR = 1;
    static final byte DECIMAL_DELTA = 2;
    static final byte DECIMAL_DELTA_OF_DELTA = 3;
    /** Largest number of decimal places the decimal encodings try. */
    static final int MAX_DECIMALS = 6;

    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    private static final long MAX_EXACT = 1L << 53;

    /** Decoded samples in stored order. */
    record Samples(long[] epochMillis, double[] values) {
        int size() {
            return values.length;
        }
    }

    private ChunkCodec() {}

    static byte[] encode(long[] epochMillis, double[] values) {
        return encode(epochMillis, values, values.length);
    }

    /** Encodes the first {@code n} samples. Throws IllegalArgumentException for {@code n < 1} or short arrays. */
    static byte[] encode(long[] epochMillis, double[] values, int n) {
        if (n < 1 || epochMillis.length < n || values.length < n) {
            throw new IllegalArgumentException(
                    "a chunk needs 1.." + Math.min(epochMillis.length, values.length) + " samples, got " + n);
        }
        BitWriter ts = new BitWriter(n);
        long[] dods = new long[n - 1];
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = epochMillis[i] - epochMillis[i - 1];
            dods[i - 1] = delta - prevDelta;
            prevDelta = delta;
        }
        writeIntegers(ts, dods);
        byte[] best = withHeader(XOR, n, epochMillis[0], -1, ts, xorValues(values, n));
        int decimals = decimalsFor(values, n);
        if (decimals >= 0) {
            long[] scaled = new long[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = Math.round(values[i] * POW10[decimals]);
            }
            for (byte enc : new byte[] {DECIMAL_DELTA, DECIMAL_DELTA_OF_DELTA}) {
                byte[] candidate = withHeader(enc, n, epochMillis[0], decimals, ts, integerValues(scaled, n, enc));
                if (candidate.length < best.length) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    static Samples decode(byte[] chunk) {
        try {
            int[] pos = {0};
            byte enc = chunk[pos[0]++];
            int n = (int) readVarint(chunk, pos);
            if (n < 1 || n > chunk.length * 8L + 1) {
                throw new IllegalArgumentException("implausible sample count " + n);
            }
            long first = zigzagDecode(readVarint(chunk, pos));
            int decimals = -1;
            if (enc == DECIMAL_DELTA || enc == DECIMAL_DELTA_OF_DELTA) {
                decimals = chunk[pos[0]++];
                if (decimals < 0 || decimals > MAX_DECIMALS) {
                    throw new IllegalArgumentException("bad decimal count " + decimals);
                }
            } else if (enc != XOR) {
                throw new IllegalArgumentException("unknown chunk encoding " + enc);
            }
            BitReader in = new BitReader(chunk, pos[0]);
            long[] ts = new long[n];
            ts[0] = first;
            long[] dods = readIntegers(in, n - 1);
            long delta = 0;
            for (int i = 1; i < n; i++) {
                delta += dods[i - 1];
                ts[i] = ts[i - 1] + delta;
            }
            double[] values = new double[n];
            if (enc == XOR) {
                readXor(in, values);
            } else {
                long[] ints = readIntegers(in, n);
                long v = ints[0];
                long d = 0;
                values[0] = v / POW10[decimals];
                for (int i = 1; i < n; i++) {
                    if (enc == DECIMAL_DELTA) {
                        v += ints[i];
                    } else {
                        d += ints[i];
                        v += d;
                    }
                    values[i] = v / POW10[decimals];
                }
            }
            return new Samples(ts, values);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated chunk (" + chunk.length + " bytes)", e);
        }
    }

    /** Smallest d such that every value is exactly round(v * 10^d) / 10^d with |n| < 2^53; -1 when none. */
    static int decimalsFor(double[] values, int n) {
        for (int d = 0; d <= MAX_DECIMALS; d++) {
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                double v = values[i];
                double scaled = v * POW10[d];
                if (!(Math.abs(scaled) < MAX_EXACT)) { // also false for NaN and infinities
                    return -1;
                }
                long r = Math.round(scaled);
                double back = d == 0 ? (double) r : r / POW10[d];
                ok = Double.doubleToRawLongBits(back) == Double.doubleToRawLongBits(v);
            }
            if (ok) {
                return d;
            }
        }
        return -1;
    }

    private static byte[] withHeader(byte enc, int n, long firstTs, int decimals, BitWriter ts, BitWriter values) {
        byte[] head = new byte[1 + 10 + 10 + 1];
        int p = 0;
        head[p++] = enc;
        p = writeVarint(head, p, n);
        p = writeVarint(head, p, zigzagEncode(firstTs));
        if (decimals >= 0) {
            head[p++] = (byte) decimals;
        }
        BitWriter all = new BitWriter(ts.bitCount / 8 + values.bitCount / 8 + 2);
        all.append(ts);
        all.append(values);
        byte[] body = all.toBytes();
        byte[] out = Arrays.copyOf(head, p + body.length);
        System.arraycopy(body, 0, out, p, body.length);
        return out;
    }

    private static BitWriter xorValues(double[] values, int n) {
        BitWriter w = new BitWriter(n * 2);
        long prev = Double.doubleToRawLongBits(values[0]);
        w.write(prev, 64);
        int prevLeading = -1;
        int prevTrailing = 0;
        for (int i = 1; i < n; i++) {
            long cur = Double.doubleToRawLongBits(values[i]);
            long x = cur ^ prev;
            prev = cur;
            if (x == 0) {
                w.write(0, 1);
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(x), 31);
            int trailing = Long.numberOfTrailingZeros(x);
            if (prevLeading >= 0 && leading >= prevLeading && trailing >= prevTrailing) {
                w.write(0b10, 2);
                w.write(x >>> prevTrailing, 64 - prevLeading - prevTrailing);
            } else {
                int significant = 64 - leading - trailing;
                w.write(0b11, 2);
                w.write(leading, 5);
                w.write(significant - 1, 6); // 1..64 stored as 0..63
                w.write(x >>> trailing, significant);
                prevLeading = leading;
                prevTrailing = trailing;
            }
        }
        return w;
    }

    private static void readXor(BitReader in, double[] values) {
        long prev = in.read(64);
        values[0] = Double.longBitsToDouble(prev);
        int leading = 0;
        int trailing = 0;
        for (int i = 1; i < values.length; i++) {
            if (in.read(1) == 0) {
                values[i] = Double.longBitsToDouble(prev);
                continue;
            }
            if (in.read(1) == 1) {
                leading = (int) in.read(5);
                int significant = (int) in.read(6) + 1;
                trailing = 64 - leading - significant;
            }
            long x = in.read(64 - leading - trailing) << trailing;
            prev ^= x;
            values[i] = Double.longBitsToDouble(prev);
        }
    }

    private static BitWriter integerValues(long[] scaled, int n, byte enc) {
        BitWriter w = new BitWriter(n);
        long[] ints = new long[n];
        ints[0] = scaled[0];
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = scaled[i] - scaled[i - 1];
            ints[i] = enc == DECIMAL_DELTA ? delta : delta - prevDelta;
            prevDelta = delta;
        }
        writeIntegers(w, ints);
        return w;
    }

    /** Mode header value meaning "bucketed"; any smaller value is a Rice parameter k. */
    private static final int MODE_BUCKETED = 63;

    private static final int MODE_BITS = 6;
    private static final int MAX_RICE_K = 40;
    /** A Rice quotient this large is written as an escape (that many ones) followed by the raw 64-bit value. */
    private static final long RICE_ESCAPE = 24;

    /**
     * Writes signed integers (deltas) in whichever of two codes is shorter for this run: Gorilla-style buckets
     * (best when most are zero) or Rice coding of their zig-zag form with the best parameter k (best for noise of
     * a steady magnitude, e.g. power in milliwatts). A 6-bit header says which.
     */
    static void writeIntegers(BitWriter w, long[] v) {
        long bucketCost = 0;
        long[] riceCost = new long[MAX_RICE_K + 1];
        for (long x : v) {
            bucketCost += bucketBits(x);
            long zz = zigzagEncode(x);
            for (int k = 0; k <= MAX_RICE_K; k++) {
                long q = zz >>> k;
                riceCost[k] += Long.compareUnsigned(q, RICE_ESCAPE) < 0 ? q + 1 + k : RICE_ESCAPE + 64;
            }
        }
        int bestK = 0;
        for (int k = 1; k <= MAX_RICE_K; k++) {
            if (riceCost[k] < riceCost[bestK]) {
                bestK = k;
            }
        }
        if (bucketCost <= riceCost[bestK]) {
            w.write(MODE_BUCKETED, MODE_BITS);
            for (long x : v) {
                writeBucketed(w, x);
            }
            return;
        }
        w.write(bestK, MODE_BITS);
        for (long x : v) {
            long zz = zigzagEncode(x);
            long q = zz >>> bestK;
            if (Long.compareUnsigned(q, RICE_ESCAPE) < 0) {
                w.write(((1L << q) - 1) << 1, (int) q + 1); // q ones, then a zero
                w.write(zz, bestK);
            } else {
                w.write((1L << RICE_ESCAPE) - 1, (int) RICE_ESCAPE);
                w.write(zz, 64);
            }
        }
    }

    static long[] readIntegers(BitReader in, int count) {
        long[] out = new long[count];
        int mode = (int) in.read(MODE_BITS);
        if (mode == MODE_BUCKETED) {
            for (int i = 0; i < count; i++) {
                out[i] = readBucketed(in);
            }
            return out;
        }
        if (mode > MAX_RICE_K) {
            throw new IllegalArgumentException("bad integer coding mode " + mode);
        }
        for (int i = 0; i < count; i++) {
            long q = 0;
            while (q < RICE_ESCAPE && in.read(1) == 1) {
                q++;
            }
            long zz = q == RICE_ESCAPE ? in.read(64) : (q << mode) | in.read(mode);
            out[i] = zigzagDecode(zz);
        }
        return out;
    }

    private static int bucketBits(long v) {
        if (v == 0) {
            return 1;
        }
        for (int b = 0; b < BUCKET_BITS.length; b++) {
            long offset = (1L << (BUCKET_BITS[b] - 1)) - 1;
            if (v >= -offset && v <= offset + 1) {
                return b + 2 + BUCKET_BITS[b];
            }
        }
        return BUCKET_BITS.length + 1 + 64;
    }

    /**
     * Bucket widths after the prefixes 10, 110, 1110, 11110, 111110, 1111110 ("0" is zero, 1111111 a raw 64-bit
     * value). The first bucket is narrower than Gorilla's so that a few milliseconds of scheduler jitter cost 5 bits.
     */
    private static final int[] BUCKET_BITS = {3, 7, 12, 20, 32, 48};

    static void writeBucketed(BitWriter w, long v) {
        if (v == 0) {
            w.write(0, 1);
            return;
        }
        for (int b = 0; b < BUCKET_BITS.length; b++) {
            int bits = BUCKET_BITS[b];
            long offset = (1L << (bits - 1)) - 1;
            if (v >= -offset && v <= offset + 1) {
                // prefix: b+1 ones then a zero, e.g. b=0 -> "10"
                w.write(((1L << (b + 1)) - 1) << 1, b + 2);
                w.write(v + offset, bits);
                return;
            }
        }
        w.write((1L << (BUCKET_BITS.length + 1)) - 1, BUCKET_BITS.length + 1);
        w.write(v, 64);
    }

    static long readBucketed(BitReader in) {
        int ones = 0;
        while (ones < BUCKET_BITS.length + 1 && in.read(1) == 1) {
            ones++;
        }
        if (ones == 0) {
            return 0;
        }
        if (ones > BUCKET_BITS.length) {
            return in.read(64);
        }
        int bits = BUCKET_BITS[ones - 1];
        long offset = (1L << (bits - 1)) - 1;
        return in.read(bits) - offset;
    }

    private static int writeVarint(byte[] buf, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            buf[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[p++] = (byte) v;
        return p;
    }

    private static long readVarint(byte[] buf, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static long zigzagEncode(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long zigzagDecode(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Big-endian bit packing into a growable long array. */
    static final class BitWriter {
        private long[] words;
        private int bitCount;

        BitWriter(int expectedBytes) {
            words = new long[Math.max(2, expectedBytes / 8 + 1)];
        }

        /** Writes the low {@code bits} bits of {@code v}, most significant first; 0..64 bits. */
        void write(long v, int bits) {
            if (bits == 0) {
                return;
            }
            if (bits < 64) {
                v &= (1L << bits) - 1;
            }
            int word = bitCount >>> 6;
            if (word + 1 >= words.length) {
                words = Arrays.copyOf(words, words.length * 2);
            }
            int used = bitCount & 63;
            int free = 64 - used;
            if (bits <= free) {
                words[word] |= bits == 64 ? v : v << (free - bits);
            } else {
                int rest = bits - free;
                words[word] |= v >>> rest;
                words[word + 1] |= v << (64 - rest);
            }
            bitCount += bits;
        }

        void append(BitWriter other) {
            int full = other.bitCount >>> 6;
            for (int i = 0; i < full; i++) {
                write(other.words[i], 64);
            }
            int rest = other.bitCount & 63;
            if (rest > 0) {
                write(other.words[full] >>> (64 - rest), rest);
            }
        }

        byte[] toBytes() {
            byte[] out = new byte[(bitCount + 7) >>> 3];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
            }
            return out;
        }
    }

    static final class BitReader {
        private final byte[] buf;
        private long bitPos;

        BitReader(byte[] buf, int bytePos) {
            this.buf = buf;
            this.bitPos = (long) bytePos * 8;
        }

        long read(int bits) {
            long v = 0;
            for (int remaining = bits; remaining > 0; ) {
                int byteIndex = (int) (bitPos >>> 3);
                int bitInByte = (int) (bitPos & 7);
                int take = Math.min(8 - bitInByte, remaining);
                int b = buf[byteIndex] & 0xFF;
                int chunk = (b >>> (8 - bitInByte - take)) & ((1 << take) - 1);
                v = (v << take) | chunk;
                remaining -= take;
                bitPos += take;
            }
            return v;
        }
    }
}
