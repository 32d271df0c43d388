package io.gridscope.reports.usage;

/**
 * The time slots measurements are read in: {@code [fromMillis, toMillis)} cut into steps of {@code stepMillis}
 * (the last one may be shorter), epoch millis UTC. Slot {@code i} starts at {@code fromMillis + i × stepMillis}.
 */
public record SlotGrid(long fromMillis, long toMillis, long stepMillis) {
    public SlotGrid {
        if (stepMillis < 1 || toMillis <= fromMillis) {
            throw new IllegalArgumentException(
                    "an empty period or step: " + fromMillis + ".." + toMillis + " step " + stepMillis);
        }
    }

    public int size() {
        return Math.toIntExact((toMillis - fromMillis + stepMillis - 1) / stepMillis);
    }

    public long start(int i) {
        return fromMillis + i * stepMillis;
    }

    public long end(int i) {
        return Math.min(toMillis, start(i) + stepMillis);
    }

    /** Length of slot {@code i} in milliseconds. */
    public long length(int i) {
        return end(i) - start(i);
    }

    /** The slot holding {@code epochMillis}; −1 outside the grid. */
    public int indexOf(long epochMillis) {
        if (epochMillis < fromMillis || epochMillis >= toMillis) {
            return -1;
        }
        return (int) ((epochMillis - fromMillis) / stepMillis);
    }

    /** "1 minute" / "1 hour" / "15 seconds". */
    public String describeStep() {
        if (stepMillis % 3_600_000 == 0) {
            long h = stepMillis / 3_600_000;
            return h == 1 ? "1 hour" : h + " hours";
        }
        if (stepMillis % 60_000 == 0) {
            long m = stepMillis / 60_000;
            return m == 1 ? "1 minute" : m + " minutes";
        }
        return (stepMillis / 1000.0) + " seconds";
    }
}
