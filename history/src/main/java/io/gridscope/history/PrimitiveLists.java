package io.gridscope.history;

import java.util.Arrays;

/** Growable arrays of primitives for query results (no boxing per point). Not thread-safe. */
final class PrimitiveLists {
    private PrimitiveLists() {}

    static final class LongList {
        long[] a = new long[64];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class DoubleList {
        double[] a = new double[64];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
