package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.SilenceRow;
import io.gridscope.testsupport.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolved alerts and ended silences are kept as long as events; open alerts always. */
class AlertRetentionTest {
    @TempDir
    Path dir;

    static AlertRow row(String fp, String state, long since, long resolved) {
        return new AlertRow(
                0, "R", fp, "{}", "warning", state, since, since, resolved, since, 1, 0, "s", "", "", 0, 0, 0, 0, null,
                0, null, 0, null);
    }

    @Test
    void resolvedAlertsOlderThanTheEventRetentionGoOpenOnesStay() throws Exception {
        long day = Duration.ofDays(1).toMillis();
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        long now = clock.millis();
        HistoryOptions o = HistoryOptions.defaults().withClock(clock).withEventRetention(Duration.ofDays(30));
        try (HistoryStore store = HistoryStore.open(dir, o)) {
            try (Connection c = RecordsConnection.open(dir)) {
                AlertRecords.insert(c, row("old", "resolved", now - 40 * day, now - 35 * day));
                AlertRecords.insert(c, row("recent", "resolved", now - 40 * day, now - 5 * day));
                AlertRecords.insert(c, row("open", "firing", now - 60 * day, 0));
                AlertRecords.addSilence(
                        c, new SilenceRow(0, "{host=\"a\"}", now - 50 * day, now - 40 * day, "x", "", 0));
                AlertRecords.addSilence(c, new SilenceRow(0, "{host=\"b\"}", now - 1 * day, now + day, "x", "", 0));
            }
            store.enforceRetention();
            try (HistoryReader r = HistoryReader.open(dir)) {
                assertThat(r.alerts(Set.of(), 0, 10))
                        .extracting(AlertRow::fingerprint)
                        .containsExactlyInAnyOrder("recent", "open");
                assertThat(r.silences(0)).extracting(SilenceRow::matchers).containsExactly("{host=\"b\"}");
            }
        }
    }
}
