package io.gridscope.history;

import static io.gridscope.history.TestSeries.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.EventQuery;
import io.gridscope.model.Labels;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.TelemetryEvent.Severity;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events are stored, read back by range, type and labels in a chosen order, expire, and are counted when dropped. */
class EventRecordsTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private static TelemetryEvent xid(String gpu, long epochMillis, int code) {
        return new TelemetryEvent("gpu_xid", Labels.of("gpu_uuid", gpu), epochMillis, Severity.CRITICAL, "XID " + code);
    }

    private static Snapshot events(TelemetryEvent... events) {
        return new Snapshot("test", events[0].epochMillis(), List.of(), List.of(events));
    }

    private static List<String> details(List<TelemetryEvent> events) {
        return events.stream().map(TelemetryEvent::detail).toList();
    }

    @Test
    void eventsAreReadByRangeTypeAndLabelsInEitherOrder() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            store.append(events(xid("GPU-1", NOW - 5000, 1), xid("GPU-2", NOW - 4000, 2)));
            store.append(events(
                    xid("GPU-1", NOW - 3000, 3),
                    xid("GPU-1", NOW - 3000, 4),
                    new TelemetryEvent(
                            "gpu_lost",
                            Labels.of("gpu_uuid", "GPU-2"),
                            NOW - 2000,
                            Severity.WARNING,
                            "fell off the bus")));
            store.flush().get();

            EventQuery all = EventQuery.between(NOW - 10_000, NOW);
            assertThat(details(store.events(all)))
                    .containsExactly("fell off the bus", "XID 4", "XID 3", "XID 2", "XID 1");
            assertThat(details(store.events(all.withOrder(EventQuery.Order.OLDEST_FIRST))))
                    .containsExactly("XID 1", "XID 2", "XID 3", "XID 4", "fell off the bus");
            assertThat(details(store.events(all.withLimit(2)))).containsExactly("fell off the bus", "XID 4");
            assertThat(details(store.events(all.withType("gpu_xid")
                            .withMatchers(Labels.of("gpu_uuid", "GPU-1"))
                            .withOrder(EventQuery.Order.OLDEST_FIRST)
                            .withLimit(2))))
                    .containsExactly("XID 1", "XID 3");
            // half-open range
            assertThat(details(store.events(EventQuery.between(NOW - 4000, NOW - 3000))))
                    .containsExactly("XID 2");
            TelemetryEvent lost = store.events(all.withType("gpu_lost")).getFirst();
            assertThat(lost)
                    .isEqualTo(new TelemetryEvent(
                            "gpu_lost",
                            Labels.of("gpu_uuid", "GPU-2"),
                            NOW - 2000,
                            Severity.WARNING,
                            "fell off the bus"));
            try (HistoryReader reader = HistoryReader.open(dir, TestSeries.options())) {
                assertThat(reader.events(all)).isEqualTo(store.events(all));
            }
        }
    }

    @Test
    void badEventQueriesAreRefused() {
        assertThatThrownBy(() -> EventQuery.between(NOW, NOW - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventQuery.between(0, NOW).withLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventQuery.between(0, NOW).withLimit(EventQuery.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventQuery.between(0, NOW).withType(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsOlderThanTheirRetentionAreDeletedByMaintenance() throws Exception {
        HistoryOptions options = TestSeries.options().withEventRetention(Duration.ofDays(30));
        assertThat(HistoryOptions.defaults().eventRetention()).isEqualTo(HistoryOptions.DEFAULT_EVENT_RETENTION);
        try (HistoryStore store = HistoryStore.open(dir, options)) {
            List<TelemetryEvent> old = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) { // more than one delete slice
                old.add(xid("GPU-1", NOW - 40 * DAY + i, i));
            }
            store.append(new Snapshot("test", NOW - 40 * DAY, List.of(), old));
            store.append(events(xid("GPU-1", NOW - 29 * DAY, -1)));
            store.flush().get();
            RetentionRun run = store.enforceRetention();
            assertThat(run.eventsDeleted()).isEqualTo(12_000);
            assertThat(details(store.events(EventQuery.between(0, NOW)))).containsExactly("XID -1");
            assertThat(store.enforceRetention()).isEqualTo(new RetentionRun(0, 0, 0, 0));
        }
    }

    @Test
    void droppedEventsAreCounted() throws Exception {
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options().withMaxQueuedSamples(2))) {
            store.append(events(xid("GPU-1", NOW - 3000, 1), xid("GPU-1", NOW - 3000, 2), xid("GPU-1", NOW, 3)));
            store.flush().get();
            assertThat(store.writerStats().eventsDropped()).isEqualTo(3);

            store.onWriter(c -> {
                        try (Statement st = c.createStatement()) {
                            st.execute("PRAGMA query_only = 1");
                        }
                    })
                    .get();
            store.append(events(xid("GPU-1", NOW - 2000, 4)));
            store.flush().get();
            assertThat(store.writerStats().eventsDropped()).isEqualTo(4);
            assertThat(store.writerStats().lastError()).contains("read-only");
            store.onWriter(c -> {
                        try (Statement st = c.createStatement()) {
                            st.execute("PRAGMA query_only = 0");
                        }
                    })
                    .get();
            store.append(events(xid("GPU-1", NOW - 1000, 5)));
            store.flush().get();
            assertThat(details(store.events(EventQuery.between(0, NOW)))).containsExactly("XID 5");
            assertThat(store.writerStats().eventsDropped()).isEqualTo(4);
        }
    }
}
