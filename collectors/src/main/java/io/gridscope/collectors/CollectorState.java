package io.gridscope.collectors;

/** Where a collector stands, as shown in the status bar and by the CLI. */
public enum CollectorState {
    /** Registered, first pass not yet run. */
    STARTING,
    /** The last pass succeeded. */
    OK,
    /** The source does not exist here (no NVIDIA driver, host unreachable): a reason, not a crash. Retried with backoff. */
    UNAVAILABLE,
    /** The last pass threw unexpectedly. Retried with backoff. */
    FAILED,
    /** Closed by the scheduler. */
    STOPPED
}
