package io.gridscope.history;

import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.model.Sample;
import io.gridscope.model.Snapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that writes samples (through a {@link HistoryStore}) and acknowledgements (through a {@link
 * RecordsConnection}, as the console and the {@code alerts} commands do) until it is killed. Round {@code k} queues
 * one second of {@link IngestChild#SERIES} series, then, in one transaction, inserts a firing alert, acknowledges it
 * and appends its audit entry, and prints {@code acked <alert id>} once that is committed. Every tenth round waits
 * for the samples to be committed too. Used by {@link AckCrashTest}.
 */
public final class AckChild {
    static final String WHO = "oncall";

    private AckChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options());
                Connection records = RecordsConnection.open(dir)) {
            for (int k = 0; ; k++) {
                long t = IngestChild.BASE + k * 1000L;
                List<Sample> samples = new ArrayList<>(IngestChild.SERIES);
                for (int i = 0; i < IngestChild.SERIES; i++) {
                    samples.add(new Sample(IngestChild.series(i), t, k + i / 1000.0));
                }
                store.append(Snapshot.of("child", t, samples));
                int round = k;
                long id = RecordsConnection.inTransaction(records, c -> {
                    long alert = AlertRecords.insert(c, firing("fp-" + round, t));
                    if (!AlertRecords.acknowledge(c, alert, WHO, t, "round " + round)) {
                        throw new IllegalStateException("alert " + alert + " was not open");
                    }
                    AuditRecords.appendInTransaction(
                            c, new AuditEntry(t, WHO, "alert " + alert, "acknowledge", "", "round " + round));
                    return alert;
                });
                System.out.println("acked " + id);
                System.out.flush();
                if (k % 10 == 9) {
                    store.flush().get();
                }
            }
        }
    }

    static AlertRow firing(String fingerprint, long since) {
        return new AlertRow(
                0,
                "GpuHot",
                fingerprint,
                "{}",
                "warning",
                "firing",
                since,
                since,
                0,
                since,
                90,
                85,
                "hot",
                "",
                "",
                1,
                0,
                0,
                0,
                null,
                0,
                null,
                0,
                null);
    }
}
