package io.gridscope.collectors.prometheus.exporter;

import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the latest sample of every series it is fed, for the exporter to read. A series not refreshed within
 * {@code staleAfter} is dropped, so a GPU that disappeared stops being exported instead of freezing at its last
 * value. Non-finite values are ignored (absent is not a number).
 *
 * <p>Thread-safe: {@link #accept} is called from collector and scrape threads, {@link #current} from the HTTP
 * server's threads. Memory is one entry per live series.
 */
public final class LatestValuesSink implements SnapshotSink {
    private record Entry(Sample sample, long receivedMillis) {}

    private final Map<SeriesId, Entry> latest = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long staleAfterMillis;

    public LatestValuesSink(Clock clock, Duration staleAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfterMillis = staleAfter.toMillis();
    }

    @Override
    public void accept(Snapshot snapshot) {
        long now = clock.millis();
        for (Sample s : snapshot.samples()) {
            if (Double.isFinite(s.value())) {
                latest.merge(
                        s.series(),
                        new Entry(s, now),
                        (old, neu) -> neu.sample().epochMillis() >= old.sample().epochMillis() ? neu : old);
            }
        }
    }

    /** The live samples; expired ones are removed as a side effect. */
    public List<Sample> current() {
        long cutoff = clock.millis() - staleAfterMillis;
        latest.values().removeIf(e -> e.receivedMillis() < cutoff);
        List<Sample> out = new ArrayList<>(latest.size());
        for (Entry e : latest.values()) {
            out.add(e.sample());
        }
        return out;
    }
}
