package io.gridscope.alerts.store;

import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.model.Labels;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Alerts written straight into a data directory's history, as the evaluating process stores them. */
public final class StoredAlerts {
    private final Path dir;

    private StoredAlerts(Path dir) {
        this.dir = dir;
    }

    /** Creates the history in {@code dir} (if needed). */
    public static StoredAlerts in(Path dir) {
        HistoryStore.open(dir).close();
        return new StoredAlerts(dir);
    }

    /** Stores an alert of {@code rule} on {@code host} in {@code state} (firing and resolved ones fired at {@code at}). */
    public long add(String rule, String host, String severity, String state, long at) throws SQLException {
        Labels labels = Labels.of("alertname", rule, "host", host, "severity", severity);
        AlertRow row = new AlertRow(
                0,
                rule,
                rule + labels.canonical(),
                labels.canonical(),
                severity,
                state,
                at - 60_000,
                state.equals("pending") ? 0 : at,
                state.equals("resolved") ? at + 60_000 : 0,
                at,
                91.5,
                80,
                rule + " on " + host,
                "the description of " + rule,
                "https://runbooks.example/" + rule,
                0,
                0,
                0,
                0,
                null,
                0,
                null,
                0,
                null);
        try (Connection c = RecordsConnection.open(dir)) {
            return AlertRecords.insert(c, row);
        }
    }

    public AlertRow row(long id) {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.alert(id).orElseThrow();
        }
    }

    public List<AuditEntry> audit(String subject) {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.audit(subject, 100);
        }
    }
}
