package io.gridscope.model;

import java.util.Objects;

/**
 * A discrete occurrence (an XID error, a GPU falling off the bus) rather than a sampled value. Each event is
 * emitted once; repeats are separate events.
 *
 * @param type     a stable machine name, e.g. {@code gpu_xid}
 * @param labels   identity of what it happened to (e.g. {@code gpu_uuid})
 * @param severity how urgently a person should look at it
 * @param detail   human-readable text
 */
public record TelemetryEvent(String type, Labels labels, long epochMillis, Severity severity, String detail) {
    public enum Severity {
        INFO,
        WARNING,
        CRITICAL
    }

    public TelemetryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
    }
}
