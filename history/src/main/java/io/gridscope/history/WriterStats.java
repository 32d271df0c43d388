package io.gridscope.history;

/**
 * The writer's counters since open: what reached the database, what was dropped and why.
 *
 * @param samplesWritten   samples committed
 * @param samplesDropped   samples discarded because the queue was full or a write failed
 * @param batchesCommitted transactions committed
 * @param queuedSamples    samples waiting for the writer right now
 * @param lastError        the most recent write error, empty when the last write succeeded
 */
public record WriterStats(long samplesWritten, long samplesDropped, long batchesCommitted, long queuedSamples,
        String lastError) {
    public boolean healthy() {
        return lastError.isEmpty();
    }
}
