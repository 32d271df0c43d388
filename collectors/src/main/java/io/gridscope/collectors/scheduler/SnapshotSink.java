package io.gridscope.collectors.scheduler;

import io.gridscope.model.Snapshot;

/**
 * Receives every snapshot the scheduler produces, on the scheduler's thread. Implementations must return quickly
 * (enqueue, never block on I/O); a sink that throws is logged and keeps receiving.
 */
@FunctionalInterface
public interface SnapshotSink {
    void accept(Snapshot snapshot);
}
