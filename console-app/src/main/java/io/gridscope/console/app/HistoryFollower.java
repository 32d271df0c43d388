package io.gridscope.console.app;

import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.LatestValue;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's live view when another process collects into the data directory: every {@value #PERIOD_MILLIS} ms,
 * on its own {@code gridscope-history-follower} thread, reads the newest committed sample of every series from a
 * read-only history reader and passes the ones not seen yet to the console's sink, as collection would. The
 * collecting process commits at least every 500 ms, so the view trails it by about a second.
 */
final class HistoryFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryFollower.class);
    static final long PERIOD_MILLIS = 1_000;
    static final long METRICS_REFRESH_MILLIS = 30_000;

    private final HistoryReader reader;
    private final Clock clock;
    private final SnapshotSink sink;
    private final ScheduledExecutorService thread;
    private final Map<SeriesId, Long> lastSeen = new HashMap<>();
    private List<String> metrics = List.of();
    private long metricsReadAt;

    private HistoryFollower(HistoryReader reader, Clock clock, SnapshotSink sink) {
        this.reader = reader;
        this.clock = clock;
        this.sink = sink;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                BackgroundPriority.daemonThreads("gridscope-history-follower"));
    }

    static HistoryFollower start(Path dataDir, Clock clock, SnapshotSink sink) {
        HistoryFollower f = new HistoryFollower(HistoryStores.openReader(dataDir), clock, sink);
        f.thread.scheduleWithFixedDelay(f::poll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return f;
    }

    HistoryReader reader() {
        return reader;
    }

    private void poll() {
        try {
            long now = clock.millis();
            // read at the first poll, again every METRICS_REFRESH_MILLIS, and at every poll while there is none
            if (metrics.isEmpty() || now - metricsReadAt >= METRICS_REFRESH_MILLIS) {
                metrics = reader.metrics();
                metricsReadAt = now;
            }
            Map<Long, List<Sample>> byTime = new java.util.TreeMap<>();
            for (String metric : metrics) {
                for (LatestValue v : reader.latest(metric, Labels.EMPTY)) {
                    Long seen = lastSeen.get(v.series());
                    if (seen != null && seen >= v.epochMillis()) {
                        continue;
                    }
                    lastSeen.put(v.series(), v.epochMillis());
                    byTime.computeIfAbsent(v.epochMillis(), t -> new ArrayList<>())
                            .add(new Sample(v.series(), v.epochMillis(), v.value()));
                }
            }
            for (Map.Entry<Long, List<Sample>> e : byTime.entrySet()) {
                sink.accept(Snapshot.of("history", e.getKey(), e.getValue()));
            }
        } catch (RuntimeException e) {
            log.warn("following the history: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
