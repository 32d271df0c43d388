package io.gridscope.console.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line of {@code import} on stderr: bytes read of the file's size, samples read and the rate, at most
 * once a second. On a terminal the line is rewritten in place; elsewhere (when asked for with {@code --progress})
 * each report is a line of its own. Silent when not enabled. Used by the parsing thread only.
 */
final class ImportProgress {
    static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final long totalBytes;
    private final boolean enabled;
    private final boolean inPlace;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long lastNanos;
    private boolean shown;

    ImportProgress(PrintWriter err, long totalBytes, boolean enabled, LongSupplier nanoTime) {
        this(err, totalBytes, enabled, enabled && onTerminal(), nanoTime);
    }

    ImportProgress(PrintWriter err, long totalBytes, boolean enabled, boolean inPlace, LongSupplier nanoTime) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.enabled = enabled;
        this.inPlace = inPlace;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastNanos = startNanos;
    }

    /** True when the console is a terminal (the user watches it). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Reports when a second has passed since the last report. */
    void update(long bytesRead, long samplesRead) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastNanos < INTERVAL_NANOS) {
            return;
        }
        lastNanos = now;
        print(line(bytesRead, samplesRead, now));
    }

    /** The final report, when enabled: the whole file read. Ends the in-place line. */
    void done(long bytesRead, long samplesRead) {
        if (!enabled) {
            return;
        }
        print(line(bytesRead, samplesRead, nanoTime.getAsLong()));
        if (inPlace) {
            err.println();
        }
        err.flush();
        shown = false;
    }

    /** Ends an in-place line before an error message is printed. */
    void abandon() {
        if (shown && inPlace) {
            err.println();
            err.flush();
        }
        shown = false;
    }

    String line(long bytesRead, long samplesRead, long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double percent = totalBytes == 0 ? 100 : Math.min(100, 100.0 * bytesRead / totalBytes);
        return String.format(
                Locale.ROOT,
                "import: %.0f%% (%.1f of %.1f MB read), %d samples, %.0f samples/s",
                percent,
                bytesRead / 1e6,
                totalBytes / 1e6,
                samplesRead,
                samplesRead / seconds);
    }

    private void print(String line) {
        if (inPlace) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
        shown = true;
    }
}
