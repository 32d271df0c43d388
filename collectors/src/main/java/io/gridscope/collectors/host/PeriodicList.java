package io.gridscope.collectors.host;

import java.util.List;
import java.util.function.Supplier;

/**
 * A hardware list (interfaces, disks, file systems) that is expensive to enumerate: fetched on the first pass and
 * again every {@code passes} passes, reused in between. Not thread-safe; used from the collector thread.
 */
final class PeriodicList<T> {
    private final Supplier<List<T>> source;
    private final int passes;
    private List<T> items = List.of();
    private int untilRefresh;
    private boolean refreshed;

    PeriodicList(Supplier<List<T>> source, int passes) {
        this.source = source;
        this.passes = passes;
    }

    /** The list for this pass, re-fetched when due. */
    List<T> next() {
        refreshed = untilRefresh-- <= 0;
        if (refreshed) {
            items = List.copyOf(source.get());
            untilRefresh = passes;
        }
        return items;
    }

    /** Whether the last {@link #next()} fetched a fresh list (its objects already hold current values). */
    boolean refreshed() {
        return refreshed;
    }
}
