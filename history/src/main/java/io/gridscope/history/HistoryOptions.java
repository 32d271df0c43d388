package io.gridscope.history;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link HistoryStore} keeps its data. Immutable; {@link #defaults()} gives the shipped values and the
 * {@code with*} methods return modified copies.
 *
 * @param rawRetention        how long compressed raw samples are kept (default 7 days)
 * @param minuteRetention     how long 1-minute rollups are kept (default 90 days)
 * @param hourRetention       how long 1-hour rollups are kept (default 2 years)
 * @param maxBytes            size cap for the database's used pages; when exceeded the oldest raw chunks, then the
 *                            oldest 1-minute and 1-hour rollups are deleted. {@code 0} means no cap
 * @param maxQueuedSamples    samples the writer queue may hold before {@link HistoryStore#append} drops (and counts)
 * @param chunkMaxSamples     samples per compressed raw chunk before a new chunk starts (default 720: 12 minutes at
 *                            1 s, a row of a few hundred bytes that amortises its row and index overhead; each
 *                            commit re-encodes the open chunk, so a larger value costs write-path CPU)
 * @param chunkMaxSpan        time span after which a new chunk starts even when not full (default 2 hours)
 * @param maintenanceInterval how often retention and the size cap run in the background; {@link Duration#ZERO}
 *                            disables the background task (call {@link HistoryStore#enforceRetention()} yourself).
 *                            Only a writable {@link HistoryStore} has maintenance; a {@link HistoryReader} never
 *                            deletes, whatever this says
 * @param checkOnOpen         run {@code PRAGMA quick_check} when opening, so a corrupt file is noticed at once
 * @param clock               the time retention is measured against
 * @param eventRetention      how long stored events are kept (default 90 days, as long as the 1-minute rollups, so
 *                            an event can always be seen beside minute-resolution data around it); applied by
 *                            the writable store's maintenance together with the tiers' retention
 * @param commitWindow        after the first queued snapshot the writer gathers for this long before it commits
 *                            (default 750 ms, so the passes of all collectors in one second share a transaction).
 *                            Each commit rewrites the open chunk and rollup rows of every series it touched, so a
 *                            longer window costs proportionally less CPU, and a crash of the process (kill -9, out
 *                            of memory) loses at most the samples of one window; a flush, an audit entry or a clean
 *                            close commits at once. At most {@link #MAX_COMMIT_WINDOW}
 */
public record HistoryOptions(
        Duration rawRetention,
        Duration minuteRetention,
        Duration hourRetention,
        long maxBytes,
        int maxQueuedSamples,
        int chunkMaxSamples,
        Duration chunkMaxSpan,
        Duration maintenanceInterval,
        boolean checkOnOpen,
        Clock clock,
        Duration eventRetention,
        Duration commitWindow) {
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(90);
    /** See {@link #commitWindow()}: the passes of all collectors in one second share one transaction. */
    public static final Duration DEFAULT_COMMIT_WINDOW = Duration.ofMillis(750);
    /** The longest {@link #commitWindow()}: what a crash may lose stays short. */
    public static final Duration MAX_COMMIT_WINDOW = Duration.ofSeconds(60);

    public HistoryOptions {
        Objects.requireNonNull(rawRetention, "rawRetention");
        Objects.requireNonNull(minuteRetention, "minuteRetention");
        Objects.requireNonNull(hourRetention, "hourRetention");
        Objects.requireNonNull(chunkMaxSpan, "chunkMaxSpan");
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(eventRetention, "eventRetention");
        Objects.requireNonNull(commitWindow, "commitWindow");
        if (commitWindow.isNegative() || commitWindow.compareTo(MAX_COMMIT_WINDOW) > 0) {
            throw new IllegalArgumentException(
                    "commitWindow must be between 0 and " + MAX_COMMIT_WINDOW + ", got " + commitWindow);
        }
        if (rawRetention.isNegative()
                || minuteRetention.isNegative()
                || hourRetention.isNegative()
                || eventRetention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0 (0 = no cap), got " + maxBytes);
        }
        if (maxQueuedSamples < 1) {
            throw new IllegalArgumentException("maxQueuedSamples must be >= 1, got " + maxQueuedSamples);
        }
        if (chunkMaxSamples < 2 || chunkMaxSamples > 65_535) {
            throw new IllegalArgumentException("chunkMaxSamples must be 2..65535, got " + chunkMaxSamples);
        }
        if (chunkMaxSpan.toMillis() < 1 || maintenanceInterval.isNegative()) {
            throw new IllegalArgumentException("chunkMaxSpan must be positive and maintenanceInterval not negative");
        }
    }

    public static HistoryOptions defaults() {
        return new HistoryOptions(
                Duration.ofDays(7),
                Duration.ofDays(90),
                Duration.ofDays(730),
                0,
                HistoryStore.DEFAULT_MAX_QUEUED_SAMPLES,
                720,
                Duration.ofHours(2),
                Duration.ofMinutes(10),
                true,
                Clock.systemUTC(),
                DEFAULT_EVENT_RETENTION,
                DEFAULT_COMMIT_WINDOW);
    }

    public HistoryOptions withRetention(Duration raw, Duration minute, Duration hour) {
        return new HistoryOptions(
                raw,
                minute,
                hour,
                maxBytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                clock,
                eventRetention,
                commitWindow);
    }

    public HistoryOptions withMaxBytes(long bytes) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                bytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                clock,
                eventRetention,
                commitWindow);
    }

    public HistoryOptions withMaxQueuedSamples(int samples) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                maxBytes,
                samples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                clock,
                eventRetention,
                commitWindow);
    }

    public HistoryOptions withMaintenanceInterval(Duration interval) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                maxBytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                interval,
                checkOnOpen,
                clock,
                eventRetention,
                commitWindow);
    }

    public HistoryOptions withClock(Clock c) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                maxBytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                c,
                eventRetention,
                commitWindow);
    }

    public HistoryOptions withEventRetention(Duration retention) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                maxBytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                clock,
                retention,
                commitWindow);
    }

    public HistoryOptions withCommitWindow(Duration window) {
        return new HistoryOptions(
                rawRetention,
                minuteRetention,
                hourRetention,
                maxBytes,
                maxQueuedSamples,
                chunkMaxSamples,
                chunkMaxSpan,
                maintenanceInterval,
                checkOnOpen,
                clock,
                eventRetention,
                window);
    }

    /** How long the given tier is kept. */
    public Duration retention(Tier tier) {
        return switch (tier) {
            case RAW -> rawRetention;
            case MINUTE -> minuteRetention;
            case HOUR -> hourRetention;
        };
    }
}
