package io.gridscope.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes one chunk of a series' raw samples (timestamps and values) into a compact byte array, and back. A pure
 * function: no I/O, no state, safe from any thread.
 *
 * <p>Layout (format 2, written since schema version 6): a tag byte ({@link #FORMAT_2} with {@link #GRID_TIMES}
 * when the timestamps are stored against a grid, and the value encoding in the low bits), the sample count
 * (unsigned varint), the first timestamp (zig-zag varint), the grid step (zig-zag varint, grid only), for decimal
 * encodings the number of decimals (one byte), the first scaled value (zig-zag varint) and the common factor of
 * the scaled values' steps (unsigned varint); then a bit stream holding the n-1 later timestamps and the values.
 * Integers in the bit stream are written by {@link #writeIntegers}: Gorilla buckets, Rice codes or a bit-packed
 * frame of reference, whichever is shortest (a run of equal integers costs no bits per sample).
 *
 * <p>Timestamps, whichever is shorter:
 * <ul>
 *   <li>delta-of-delta (Gorilla, Pelkonen et al. 2015): best for a cadence that drifts;
 *   <li>{@link #GRID_TIMES}: the offset of each timestamp from {@code first + i * step}, with {@code step} the
 *       median interval. A regular 1 s cadence costs nothing, 0-3 ms of scheduler jitter two bits a sample.
 * </ul>
 * Values, the smallest of the applicable encodings:
 * <ul>
 *   <li>{@link Values#XOR}: Gorilla XOR of consecutive IEEE-754 bit patterns. Works for every double, so NaN (with
 *       its payload), ±Infinity and -0.0 come back bit for bit.
 *   <li>{@link Values#DECIMAL_DELTA}, {@link Values#DECIMAL_DELTA_OF_DELTA}, {@link Values#DECIMAL_LEVEL}: only
 *       when every value is exactly {@code n / 10^d} for one small {@code d} (temperatures in whole degrees,
 *       percentages, watts from milliwatts, bytes): the integers {@code n}, divided by the greatest common divisor
 *       {@code g} of their steps (4096 for memory in pages, 10^6 for clocks in MHz), are stored as deltas
 *       (gauges), deltas of deltas (steady counters) or offsets from the first value (noise around a level). The
 *       encoder proves exactness first, so the round trip is still bit for bit.
 * </ul>
 *
 * <p>Format 1 (tags {@link #XOR}, {@link #DECIMAL_DELTA}, {@link #DECIMAL_DELTA_OF_DELTA}, written by schema
 * versions 2 to 5: delta-of-delta timestamps, decimal values as deltas or deltas of deltas with the first value in
 * the bit stream and no common factor) is still read.
 *
 * <p>Order: the codec keeps samples exactly in the order given, including equal timestamps and timestamps that go
 * backwards (deltas are signed, grid offsets wrap). Deciding what to do with out-of-order samples is the writer's
 * job ({@link HistoryStore} rejects a sample older than the newest one of its series and counts it).
 */
final class ChunkCodec {
    /** Format 1 tag: Gorilla XOR values. Read only. */
    static final byte XOR = 1;
    /** Format 1 tag: decimal values as deltas. Read only. */
    static final byte DECIMAL_DELTA = 2;
    /** Format 1 tag: decimal values as deltas of deltas. Read only. */
    static final byte DECIMAL_DELTA_OF_DELTA = 3;
    /** Format 2 tags are {@code FORMAT_2 | [GRID_TIMES] | Values.ordinal()}. */
    static final int FORMAT_2 = 0x10;
    /** Format 2 flag: timestamps as offsets from a regular grid instead of deltas of deltas. */
    static final int GRID_TIMES = 0x08;

    private static final int VALUES_MASK = 0x07;
    /** Largest number of decimal places the decimal encodings try. */
    static final int MAX_DECIMALS = 6;

    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    private static final long MAX_EXACT = 1L << 53;

    /** How a format-2 chunk stores its values; the ordinal is the low bits of the tag. */
    enum Values {
        XOR,
        DECIMAL_DELTA,
        DECIMAL_DELTA_OF_DELTA,
        DECIMAL_LEVEL
    }

    /** Decoded samples in stored order. */
    record Samples(long[] epochMillis, double[] values) {
        int size() {
            return values.length;
        }
    }

    /**
     * What a chunk's header says about it, for tests and size reports.
     *
     * @param format     1 or 2
     * @param gridTimes  timestamps stored as offsets from a grid (format 2 only)
     * @param values     the value encoding
     * @param decimals   decimal places of the decimal encodings; -1 for XOR
     */
    record Layout(int format, boolean gridTimes, Values values, int decimals) {}

    private ChunkCodec() {}

    static byte[] encode(long[] epochMillis, double[] values) {
        return encode(epochMillis, values, values.length);
    }

    /** Encodes the first {@code n} samples. Throws IllegalArgumentException for {@code n < 1} or short arrays. */
    static byte[] encode(long[] epochMillis, double[] values, int n) {
        return encode(epochMillis, values, n, new Scratch());
    }

    /**
     * Working memory for {@link #encode}, kept by a writer that encodes again and again (the open chunk of every
     * series at every commit): the candidates' integer runs and the bit buffer are reused instead of allocated, so
     * only the returned bytes are new. One per thread; the bytes returned never alias it.
     */
    static final class Scratch {
        private long[] deltas = new long[0];
        private long[] tsA = deltas;
        private long[] tsB = deltas;
        private long[] scaled = deltas;
        private long[] valA = deltas;
        private long[] valB = deltas;
        private final byte[] head = new byte[HEAD_BYTES];
        private final BitWriter body = new BitWriter(64);

        private void ensure(int n) {
            if (scaled.length < n) {
                int capacity = Math.min(MAX_SAMPLES, Math.max(n, 2 * scaled.length));
                deltas = new long[capacity];
                tsA = new long[capacity];
                tsB = new long[capacity];
                scaled = new long[capacity];
                valA = new long[capacity];
                valB = new long[capacity];
            }
        }
    }

    /** Tag, sample count, first timestamp, grid step, decimals, first scaled value, factor: at most these bytes. */
    private static final int HEAD_BYTES = 1 + 10 + 10 + 10 + 1 + 10 + 10;

    /** As {@link #encode(long[], double[], int)}, with reused working memory; the same bytes. */
    static byte[] encode(long[] epochMillis, double[] values, int n, Scratch scratch) {
        if (n < 1 || n > MAX_SAMPLES || epochMillis.length < n || values.length < n) {
            throw new IllegalArgumentException("a chunk needs 1.."
                    + Math.min(MAX_SAMPLES, Math.min(epochMillis.length, values.length)) + " samples, got " + n);
        }
        scratch.ensure(n);
        int m = n - 1; // integers per run: every sample after the first
        long first = epochMillis[0];
        // timestamps: deltas of deltas, or offsets from a grid; each candidate is costed, only the best is written
        long[] tsInts = scratch.tsA;
        long[] tsSpare = scratch.tsB;
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = epochMillis[i] - epochMillis[i - 1];
            tsInts[i - 1] = delta - prevDelta;
            prevDelta = delta;
        }
        IntPlan tsPlan = planIntegers(tsInts, m);
        long tsBits = tsPlan.bits();
        long step = 0;
        boolean grid = false;
        if (n > 1) {
            // the median interval ignores a gap; the mean one (rounded) follows jitter that is not symmetric
            long median = medianStep(epochMillis, n, scratch.deltas);
            long mean = Math.round(((double) epochMillis[n - 1] - first) / (n - 1));
            for (int c = 0; c < (mean == median ? 1 : 2); c++) {
                long candidateStep = c == 0 ? median : mean;
                long[] offsets = tsSpare;
                for (int i = 1; i < n; i++) {
                    offsets[i - 1] = epochMillis[i] - first - i * candidateStep; // wraps; the decoder wraps back
                }
                IntPlan plan = planIntegers(offsets, m);
                long bits = plan.bits() + 8L * varintLength(zigzagEncode(candidateStep));
                if (bits < tsBits) {
                    tsSpare = tsInts;
                    tsInts = offsets;
                    tsPlan = plan;
                    tsBits = bits;
                    step = candidateStep;
                    grid = true;
                }
            }
        }

        long bestBits = xorBits(values, n);
        Values bestEncoding = Values.XOR;
        long[] valueInts = null;
        long[] valueSpare = scratch.valA;
        IntPlan valuePlan = null;
        int decimals = decimalsFor(values, n);
        long firstScaled = 0;
        long factor = 1;
        if (decimals >= 0) {
            long[] scaled = scratch.scaled;
            for (int i = 0; i < n; i++) {
                scaled[i] = Math.round(values[i] * POW10[decimals]);
            }
            firstScaled = scaled[0];
            long g = 0;
            for (int i = 1; i < n && g != 1; i++) {
                g = gcd(g, Math.abs(scaled[i] - scaled[i - 1])); // |steps| < 2^54: no overflow
            }
            factor = g == 0 ? 1 : g;
            long decimalHeaderBits = 8L * (1 + varintLength(zigzagEncode(firstScaled)) + varintLength(factor));
            for (Values enc : DECIMAL_ENCODINGS) {
                long[] ints = integerValues(scaled, n, factor, enc, valueSpare);
                IntPlan plan = planIntegers(ints, m);
                if (plan.bits() + decimalHeaderBits < bestBits) {
                    bestBits = plan.bits() + decimalHeaderBits;
                    bestEncoding = enc;
                    valueInts = ints;
                    valuePlan = plan;
                    valueSpare = ints == scratch.valA ? scratch.valB : scratch.valA;
                }
            }
        }
        byte[] head = scratch.head;
        int p = 0;
        head[p++] = (byte) (FORMAT_2 | (grid ? GRID_TIMES : 0) | bestEncoding.ordinal());
        p = writeVarint(head, p, n);
        p = writeVarint(head, p, zigzagEncode(first));
        if (grid) {
            p = writeVarint(head, p, zigzagEncode(step));
        }
        BitWriter body = scratch.body;
        body.reset();
        writeIntegers(body, tsInts, m, tsPlan);
        if (bestEncoding == Values.XOR) {
            xorValues(body, values, n);
        } else {
            head[p++] = (byte) decimals;
            p = writeVarint(head, p, zigzagEncode(firstScaled));
            p = writeVarint(head, p, factor);
            writeIntegers(body, valueInts, m, valuePlan);
        }
        byte[] out = new byte[p + body.byteLength()];
        System.arraycopy(head, 0, out, 0, p);
        body.copyTo(out, p);
        return out;
    }

    private static final Values[] DECIMAL_ENCODINGS = {
        Values.DECIMAL_DELTA, Values.DECIMAL_DELTA_OF_DELTA, Values.DECIMAL_LEVEL
    };

    /** The header of a chunk; throws IllegalArgumentException for an unknown tag. */
    static Layout layout(byte[] chunk) {
        if (chunk.length == 0) {
            throw new IllegalArgumentException("empty chunk");
        }
        int tag = chunk[0] & 0xFF;
        return switch (tag) {
            case XOR -> new Layout(1, false, Values.XOR, -1);
            case DECIMAL_DELTA, DECIMAL_DELTA_OF_DELTA -> {
                int[] pos = {1};
                readVarint(chunk, pos);
                readVarint(chunk, pos);
                yield new Layout(
                        1,
                        false,
                        tag == DECIMAL_DELTA ? Values.DECIMAL_DELTA : Values.DECIMAL_DELTA_OF_DELTA,
                        chunk[pos[0]]);
            }
            default -> {
                Values v = format2Values(tag);
                int decimals = -1;
                if (v != Values.XOR) {
                    int[] pos = {1};
                    readVarint(chunk, pos);
                    readVarint(chunk, pos);
                    if ((tag & GRID_TIMES) != 0) {
                        readVarint(chunk, pos);
                    }
                    decimals = chunk[pos[0]];
                }
                yield new Layout(2, (tag & GRID_TIMES) != 0, v, decimals);
            }
        };
    }

    private static Values format2Values(int tag) {
        int enc = tag & VALUES_MASK;
        if ((tag & ~(GRID_TIMES | VALUES_MASK)) != FORMAT_2 || enc >= Values.values().length) {
            throw new IllegalArgumentException("unknown chunk encoding " + tag);
        }
        return Values.values()[enc];
    }

    static Samples decode(byte[] chunk) {
        try {
            if (chunk.length == 0) {
                throw new IllegalArgumentException("empty chunk");
            }
            int tag = chunk[0] & 0xFF;
            return tag == XOR || tag == DECIMAL_DELTA || tag == DECIMAL_DELTA_OF_DELTA
                    ? decodeFormat1(chunk)
                    : decodeFormat2(chunk, tag);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated chunk (" + chunk.length + " bytes)", e);
        }
    }

    private static Samples decodeFormat2(byte[] chunk, int tag) {
        Values enc = format2Values(tag);
        int[] pos = {1};
        int n = sampleCount(chunk, pos);
        long first = zigzagDecode(readVarint(chunk, pos));
        boolean grid = (tag & GRID_TIMES) != 0;
        long step = grid ? zigzagDecode(readVarint(chunk, pos)) : 0;
        int decimals = -1;
        long firstScaled = 0;
        long factor = 1;
        if (enc != Values.XOR) {
            decimals = chunk[pos[0]++];
            if (decimals < 0 || decimals > MAX_DECIMALS) {
                throw new IllegalArgumentException("bad decimal count " + decimals);
            }
            firstScaled = zigzagDecode(readVarint(chunk, pos));
            factor = readVarint(chunk, pos);
            if (factor < 1 || Math.abs(firstScaled) >= MAX_EXACT) {
                throw new IllegalArgumentException("bad decimal header");
            }
        }
        BitReader in = new BitReader(chunk, pos[0]);
        long[] ts = new long[n];
        ts[0] = first;
        long[] ints = readIntegers(in, n - 1);
        if (grid) {
            for (int i = 1; i < n; i++) {
                ts[i] = first + i * step + ints[i - 1];
            }
        } else {
            long delta = 0;
            for (int i = 1; i < n; i++) {
                delta += ints[i - 1];
                ts[i] = ts[i - 1] + delta;
            }
        }
        double[] values = new double[n];
        if (enc == Values.XOR) {
            readXor(in, values);
            return new Samples(ts, values);
        }
        ints = readIntegers(in, n - 1);
        double scale = POW10[decimals];
        long v = firstScaled;
        long d = 0;
        values[0] = v / scale;
        for (int i = 1; i < n; i++) {
            switch (enc) {
                case DECIMAL_DELTA -> v += factor * ints[i - 1];
                case DECIMAL_DELTA_OF_DELTA -> {
                    d += ints[i - 1];
                    v += factor * d;
                }
                default -> v = firstScaled + factor * ints[i - 1];
            }
            values[i] = v / scale;
        }
        return new Samples(ts, values);
    }

    /**
     * Most samples a chunk may claim: a format-1 chunk spends at least a bit on each, a format-2 chunk may spend
     * none (a regular cadence of a constant), so its bound is the writer's largest chunk.
     */
    static final int MAX_SAMPLES = 65_535;

    private static int sampleCount(byte[] chunk, int[] pos) {
        long n = readVarint(chunk, pos);
        long bound = chunk[0] == XOR || chunk[0] == DECIMAL_DELTA || chunk[0] == DECIMAL_DELTA_OF_DELTA
                ? chunk.length * 8L + 1
                : MAX_SAMPLES;
        if (n < 1 || n > bound) {
            throw new IllegalArgumentException("implausible sample count " + n);
        }
        return (int) n;
    }

    /** Format 1, as written by schema versions 2 to 5. */
    private static Samples decodeFormat1(byte[] chunk) {
        int[] pos = {0};
        byte enc = chunk[pos[0]++];
        int n = sampleCount(chunk, pos);
        long first = zigzagDecode(readVarint(chunk, pos));
        int decimals = -1;
        if (enc == DECIMAL_DELTA || enc == DECIMAL_DELTA_OF_DELTA) {
            decimals = chunk[pos[0]++];
            if (decimals < 0 || decimals > MAX_DECIMALS) {
                throw new IllegalArgumentException("bad decimal count " + decimals);
            }
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

    /** Smallest d such that {@code v} is exactly round(v * 10^d) / 10^d with |n| < 2^53; -1 when none. */
    static int decimalsOf(double v) {
        for (int d = 0; d <= MAX_DECIMALS; d++) {
            double scaled = v * POW10[d];
            if (!(Math.abs(scaled) < MAX_EXACT)) {
                return -1;
            }
            long r = Math.round(scaled);
            double back = d == 0 ? (double) r : r / POW10[d];
            if (Double.doubleToRawLongBits(back) == Double.doubleToRawLongBits(v)) {
                return d;
            }
        }
        return -1;
    }

    /**
     * {@code a + b}, as the double nearest to the exact decimal sum when both are decimals of at most {@link
     * #MAX_DECIMALS} places (so that a running sum of such values stays such a decimal and compresses like them);
     * plain double addition otherwise.
     */
    static double decimalSum(double a, double b) {
        int da = decimalsOf(a);
        int db = da < 0 ? -1 : decimalsOf(b);
        if (db < 0) {
            return a + b;
        }
        int d = Math.max(da, db);
        if (!(Math.abs(a * POW10[d]) < MAX_EXACT) || !(Math.abs(b * POW10[d]) < MAX_EXACT)) {
            return a + b;
        }
        long sum = Math.round(a * POW10[da]) * (long) POW10[d - da] + Math.round(b * POW10[db]) * (long) POW10[d - db];
        if (Math.abs(sum) >= MAX_EXACT) {
            return a + b;
        }
        return d == 0 ? (double) sum : sum / POW10[d];
    }

    /** The median of the n-1 intervals (the lower one for an even count). */
    private static long medianStep(long[] epochMillis, int n, long[] deltas) {
        boolean sorted = true;
        for (int i = 1; i < n; i++) {
            deltas[i - 1] = epochMillis[i] - epochMillis[i - 1];
            sorted &= i < 2 || deltas[i - 1] >= deltas[i - 2];
        }
        if (!sorted) {
            Arrays.sort(deltas, 0, n - 1);
        }
        return deltas[(n - 2) / 2];
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static int varintLength(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    private static void xorValues(BitWriter w, double[] values, int n) {
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
    }

    /** The bits {@link #xorValues} writes, without writing them. */
    private static long xorBits(double[] values, int n) {
        long bits = 64;
        long prev = Double.doubleToRawLongBits(values[0]);
        int prevLeading = -1;
        int prevTrailing = 0;
        for (int i = 1; i < n; i++) {
            long cur = Double.doubleToRawLongBits(values[i]);
            long x = cur ^ prev;
            prev = cur;
            if (x == 0) {
                bits += 1;
                continue;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(x), 31);
            int trailing = Long.numberOfTrailingZeros(x);
            if (prevLeading >= 0 && leading >= prevLeading && trailing >= prevTrailing) {
                bits += 2 + 64 - prevLeading - prevTrailing;
            } else {
                bits += 2 + 5 + 6 + 64 - leading - trailing;
                prevLeading = leading;
                prevTrailing = trailing;
            }
        }
        return bits;
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

    /** The n-1 integers after the first scaled value, for one decimal encoding, into {@code out}; returns it. */
    private static long[] integerValues(long[] scaled, int n, long factor, Values enc, long[] out) {
        long prev = 0;
        for (int i = 1; i < n; i++) {
            long delta = (scaled[i] - scaled[i - 1]) / factor;
            out[i - 1] = switch (enc) {
                case DECIMAL_DELTA -> delta;
                case DECIMAL_DELTA_OF_DELTA -> delta - prev;
                default -> (scaled[i] - scaled[0]) / factor;
            };
            prev = delta;
        }
        return out;
    }

    /** Mode header value meaning "bucketed"; any value up to {@link #MAX_RICE_K} is a Rice parameter k. */
    private static final int MODE_BUCKETED = 63;
    /** Mode header value meaning "frame of reference": the smallest value, a width, then every value minus it. */
    private static final int MODE_FRAME = 62;
    /**
     * Mode header value meaning "sparse": how many values are not zero, then for each its distance from the one
     * before (zero for the next position) and the value itself, both bucketed; every other value is zero.
     */
    private static final int MODE_SPARSE = 61;

    private static final int MODE_BITS = 6;
    private static final int FRAME_WIDTH_BITS = 7;
    private static final int MAX_RICE_K = 40;
    /** A Rice quotient this large is written as an escape (that many ones) followed by the raw 64-bit value. */
    private static final long RICE_ESCAPE = 24;

    /**
     * Writes signed integers (deltas) in whichever of four codes is shortest for this run: Gorilla-style buckets
     * (best when most are zero), Rice coding of their zig-zag form (best for noise of a steady magnitude, e.g.
     * power in milliwatts; k is searched around the logarithm of the mean), a frame of reference (each value
     * minus the smallest, in the fewest bits that hold the largest: best for bounded jitter, and free for a run of
     * equal values) or sparse (only the positions and values of the few that are not zero: best for a regular
     * cadence with a late pass now and then). A 6-bit header says which. The frame of reference and sparse codes
     * are read only by format 2 readers.
     */
    static void writeIntegers(BitWriter w, long[] v) {
        writeIntegers(w, v, v.length, planIntegers(v, v.length));
    }

    /**
     * How {@link #writeIntegers} writes a run.
     *
     * @param mode  {@link #MODE_BUCKETED}, {@link #MODE_FRAME} or a Rice parameter
     * @param min   the frame's smallest value
     * @param width the frame's bits per value
     * @param bits  the bits written, header included
     */
    record IntPlan(int mode, long min, int width, long bits) {}

    static IntPlan planIntegers(long[] v) {
        return planIntegers(v, v.length);
    }

    /** The cheapest code for the first {@code len} integers of {@code v}. */
    static IntPlan planIntegers(long[] v, int len) {
        long bucketCost = MODE_BITS;
        double zzSum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sparseCost = MODE_BITS;
        int nonZero = 0;
        int previous = -1;
        for (int i = 0; i < len; i++) {
            long x = v[i];
            int bits = bucketBits(x);
            bucketCost += bits;
            if (x != 0) {
                nonZero++;
                sparseCost += bucketBits(i - previous - 1) + bits;
                previous = i;
            }
            long zz = zigzagEncode(x);
            zzSum += zz < 0 ? zz + 0x1p64 : zz;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        // the cheapest so far, in locals: one plan is allocated per call, not one per better candidate (this runs
        // for every stream of every open chunk at each commit)
        int bestMode = MODE_BUCKETED;
        long bestMin = 0;
        int bestWidth = 0;
        long bestBits = bucketCost;
        if (len == 0) {
            return new IntPlan(bestMode, bestMin, bestWidth, bestBits);
        }
        double mean = zzSum / len;
        int center = mean < 1 ? 0 : 63 - Long.numberOfLeadingZeros((long) Math.min(mean, 0x1p62));
        for (int k = Math.max(0, center - 2); k <= Math.min(MAX_RICE_K, center + 2); k++) {
            long cost = MODE_BITS + riceCost(v, len, k);
            if (cost < bestBits) {
                bestMode = k;
                bestBits = cost;
            }
        }
        int width = 64 - Long.numberOfLeadingZeros(max - min); // unsigned range
        long frameCost = MODE_BITS + bucketBits(min) + FRAME_WIDTH_BITS + (long) width * len;
        if (frameCost < bestBits) {
            bestMode = MODE_FRAME;
            bestMin = min;
            bestWidth = width;
            bestBits = frameCost;
        }
        sparseCost += bucketBits(nonZero);
        if (sparseCost < bestBits) {
            bestMode = MODE_SPARSE;
            bestMin = 0;
            bestWidth = 0;
            bestBits = sparseCost;
        }
        return new IntPlan(bestMode, bestMin, bestWidth, bestBits);
    }

    private static void writeIntegers(BitWriter w, long[] v, int len, IntPlan plan) {
        w.write(plan.mode(), MODE_BITS);
        if (plan.mode() == MODE_SPARSE) {
            int nonZero = 0;
            for (int i = 0; i < len; i++) {
                nonZero += v[i] != 0 ? 1 : 0;
            }
            writeBucketed(w, nonZero);
            int previous = -1;
            for (int i = 0; i < len; i++) {
                if (v[i] != 0) {
                    writeBucketed(w, i - previous - 1);
                    writeBucketed(w, v[i]);
                    previous = i;
                }
            }
            return;
        }
        if (plan.mode() == MODE_FRAME) {
            writeBucketed(w, plan.min());
            w.write(plan.width(), FRAME_WIDTH_BITS);
            for (int i = 0; i < len; i++) {
                w.write(v[i] - plan.min(), plan.width());
            }
            return;
        }
        if (plan.mode() == MODE_BUCKETED) {
            for (int i = 0; i < len; i++) {
                writeBucketed(w, v[i]);
            }
            return;
        }
        int k = plan.mode();
        for (int i = 0; i < len; i++) {
            long zz = zigzagEncode(v[i]);
            long q = zz >>> k;
            if (Long.compareUnsigned(q, RICE_ESCAPE) < 0) {
                w.write(((1L << q) - 1) << 1, (int) q + 1); // q ones, then a zero
                w.write(zz, k);
            } else {
                w.write((1L << RICE_ESCAPE) - 1, (int) RICE_ESCAPE);
                w.write(zz, 64);
            }
        }
    }

    private static long riceCost(long[] v, int len, int k) {
        long cost = 0;
        for (int i = 0; i < len; i++) {
            long q = zigzagEncode(v[i]) >>> k;
            cost += Long.compareUnsigned(q, RICE_ESCAPE) < 0 ? q + 1 + k : RICE_ESCAPE + 64;
        }
        return cost;
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
        if (mode == MODE_FRAME) {
            long min = readBucketed(in);
            int width = (int) in.read(FRAME_WIDTH_BITS);
            if (width > 64) {
                throw new IllegalArgumentException("bad frame width " + width);
            }
            for (int i = 0; i < count; i++) {
                out[i] = min + in.read(width);
            }
            return out;
        }
        if (mode == MODE_SPARSE) {
            long nonZero = readBucketed(in);
            if (nonZero < 0 || nonZero > count) {
                throw new IllegalArgumentException("bad sparse count " + nonZero + " for " + count + " integers");
            }
            long position = -1;
            for (long k = 0; k < nonZero; k++) {
                long gap = readBucketed(in);
                if (gap < 0 || gap >= count - position - 1) {
                    throw new IllegalArgumentException("bad sparse position after " + position + " of " + count);
                }
                position += gap + 1;
                long x = readBucketed(in);
                if (x == 0) {
                    throw new IllegalArgumentException("sparse integers list a zero at " + position);
                }
                out[(int) position] = x;
            }
            return out;
        }
        if (mode > MAX_RICE_K) {
            throw new IllegalArgumentException("bad integer coding mode " + mode);
        }
        for (int i = 0; i < count; i++) {
            long q = in.readOnes((int) RICE_ESCAPE);
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
        int ones = in.readOnes(BUCKET_BITS.length + 1);
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
            byte[] out = new byte[byteLength()];
            copyTo(out, 0);
            return out;
        }

        /** The bytes written so far, the last one padded with zero bits. */
        int byteLength() {
            return (bitCount + 7) >>> 3;
        }

        /** Copies the {@link #byteLength} bytes written so far into {@code out} from {@code offset}. */
        void copyTo(byte[] out, int offset) {
            int n = byteLength();
            for (int i = 0; i < n; i++) {
                out[offset + i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
            }
        }

        /** Empties the writer for reuse, keeping its buffer. */
        void reset() {
            Arrays.fill(words, 0, Math.min(words.length, (bitCount >>> 6) + 2), 0L);
            bitCount = 0;
        }
    }

    /** Big-endian bit reading; a read past the end throws IllegalArgumentException. */
    static final class BitReader {
        private static final VarHandle LONG_BE =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
        private final byte[] buf;
        private final long limitBits;
        private long bitPos;

        BitReader(byte[] buf, int bytePos) {
            this.buf = buf;
            this.bitPos = (long) bytePos * 8;
            this.limitBits = (long) buf.length * 8;
        }

        /** The next {@code bits} bits (0..64) as an unsigned number. */
        long read(int bits) {
            if (bits == 0) {
                return 0;
            }
            if (bitPos + bits > limitBits) {
                throw new IllegalArgumentException("truncated chunk (" + buf.length + " bytes)");
            }
            int byteIndex = (int) (bitPos >>> 3);
            int shift = (int) (bitPos & 7);
            bitPos += bits;
            long word = word(byteIndex) << shift;
            if (shift + bits <= 64) {
                return word >>> (64 - bits);
            }
            int extra = bits - (64 - shift); // 1..7 bits from the ninth byte
            return (word >>> (64 - bits)) | ((buf[byteIndex + 8] & 0xFF) >>> (8 - extra));
        }

        /**
         * Reads ones up to {@code max} of them: the count, with the zero that ended them consumed too (when fewer
         * than {@code max}). Equivalent to reading one bit at a time.
         */
        int readOnes(int max) {
            int count = 0;
            while (count < max) {
                long left = limitBits - bitPos;
                if (left <= 0) {
                    throw new IllegalArgumentException("truncated chunk (" + buf.length + " bytes)");
                }
                int shift = (int) (bitPos & 7);
                long word = word((int) (bitPos >>> 3)) << shift; // at least 57 valid bits
                int take = (int) Math.min(Math.min(left, 57), max - count);
                int ones = Long.numberOfLeadingZeros(~word);
                if (ones < take) {
                    bitPos += ones + 1;
                    return count + ones;
                }
                count += take;
                bitPos += take;
            }
            return count;
        }

        /** Eight bytes from {@code i}, big-endian, zeros past the end. */
        private long word(int i) {
            if (i + 8 <= buf.length) {
                return (long) LONG_BE.get(buf, i);
            }
            long w = 0;
            for (int k = 0; k < 8; k++) {
                w = (w << 8) | (i + k < buf.length ? buf[i + k] & 0xFF : 0);
            }
            return w;
        }
    }
}
