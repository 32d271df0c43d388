package io.gridscope.history;

/**
 * The writer's counters since open: what reached the database, what was dropped and why. An immutable snapshot.
 *
 * @param samplesWritten   samples committed
 * @param samplesDropped   samples discarded because the queue was full or a write failed (disk full, read-only)
 * @param batchesCommitted transactions committed
 * @param queuedSamples    samples and events waiting for the writer right now
 * @param lastError        the most recent write error, empty when the last write succeeded
 * @param samplesRejected  samples refused because they were older than the newest stored sample of their series
 * @param eventsDropped    events discarded because the queue was full or a write failed, as for samples
 */
public record WriterStats(
        long samplesWritten,
        long samplesDropped,
        long batchesCommitted,
        long queuedSamples,
        String lastError,
        long samplesRejected,
        long eventsDropped) {

    public WriterStats(
            long samplesWritten, long samplesDropped, long batchesCommitted, long queuedSamples, String lastError) {
        this(samplesWritten, samplesDropped, batchesCommitted, queuedSamples, lastError, 0, 0);
    }

    public WriterStats(
            long samplesWritten,
            long samplesDropped,
            long batchesCommitted,
            long queuedSamples,
            String lastError,
            long samplesRejected) {
        this(samplesWritten, samplesDropped, batchesCommitted, queuedSamples, lastError, samplesRejected, 0);
    }

    public boolean healthy() {
        return lastError.isEmpty();
    }
}
