package io.gridscope.model;

import java.util.List;
import java.util.Objects;

/** What one collection pass produced: immutable, safe to hand to any thread. */
public record Snapshot(String collectorId, long epochMillis, List<Sample> samples, List<TelemetryEvent> events) {
    public Snapshot {
        Objects.requireNonNull(collectorId, "collectorId");
        samples = List.copyOf(samples);
        events = List.copyOf(events);
    }

    public static Snapshot of(String collectorId, long epochMillis, List<Sample> samples) {
        return new Snapshot(collectorId, epochMillis, samples, List.of());
    }
}
