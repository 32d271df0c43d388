package io.gridscope.reports.carbon;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/** A reader that fails with {@link TooLarge} once more than a given number of characters has been read. */
final class BoundedReader extends FilterReader {
    /** Thrown when the input goes past the bound. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("more than " + max + " characters");
        }
    }

    private final long max;
    private long read;

    BoundedReader(Reader in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws TooLarge {
        read += n;
        if (read > max) {
            throw new TooLarge(max);
        }
    }
}
