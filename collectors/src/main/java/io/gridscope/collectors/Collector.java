package io.gridscope.collectors;

import io.gridscope.model.Snapshot;

/**
 * A source of telemetry. Called only from the scheduler thread, one pass at a time, so implementations need no
 * locking of their own state (delta bookkeeping, cached handles). It never touches the UI.
 *
 * <p>Lifecycle: constructed cheaply; the first {@link #collect} does any expensive initialisation (loading a native
 * library, walking the hardware); {@link #close} releases it. A source that does not exist on this machine throws
 * {@link CollectorUnavailableException} with a reason a person can act on; the scheduler shows the reason and
 * retries with backoff.
 */
public interface Collector extends AutoCloseable {
    /** Stable id, e.g. {@code host}, {@code nvml}; used in status and as a {@code source} label where needed. */
    String id();

    /** Name shown in the status bar. */
    default String displayName() {
        return id();
    }

    /**
     * Runs one pass.
     *
     * @param epochMillis the pass's timestamp (UTC), stamped on every sample it emits
     */
    Snapshot collect(long epochMillis) throws CollectorUnavailableException;

    @Override
    default void close() {}
}
