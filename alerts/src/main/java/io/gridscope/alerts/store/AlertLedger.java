package io.gridscope.alerts.store;

import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.alerts.rules.Severity;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.model.Labels;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the engine's alerts in the database, so a restart (even after kill -9) loses no firing alert and repeats
 * no notification: every transition is written in the evaluation cycle that made it, in one transaction; the values
 * of open alerts are refreshed at most every {@value #REFRESH_MILLIS} ms. Owned by the evaluating thread.
 */
public final class AlertLedger {
    public static final long REFRESH_MILLIS = 15_000;

    private final Connection connection;
    private final Map<String, Long> idByFingerprint = new HashMap<>();
    private long lastRefresh;

    public AlertLedger(Connection connection) {
        this.connection = connection;
    }

    /** The alerts open when the process last stopped, for {@code AlertEngine.restore}. */
    public List<AlertInstance> loadOpen() throws SQLException {
        List<AlertInstance> out = new ArrayList<>();
        for (AlertRow r : AlertRecords.open(connection)) {
            idByFingerprint.put(r.fingerprint(), r.id());
            out.add(instance(r));
        }
        return out;
    }

    /** The stored id of an open alert. */
    public java.util.Optional<Long> id(String fingerprint) {
        return java.util.Optional.ofNullable(idByFingerprint.get(fingerprint));
    }

    /** Writes one evaluation's transitions (and, now and then, the open alerts' values) in one transaction. */
    public void record(Evaluation e) throws SQLException {
        boolean refresh = e.atMillis() - lastRefresh >= REFRESH_MILLIS;
        if (e.transitions().isEmpty() && !refresh) {
            return;
        }
        RecordsConnection.inTransaction(connection, c -> {
            java.util.Set<String> changed = new java.util.HashSet<>();
            for (Transition t : e.transitions()) {
                AlertInstance a = t.alert();
                changed.add(a.fingerprint());
                Long id = idByFingerprint.get(a.fingerprint());
                if (id == null) {
                    if (a.state() == AlertState.INACTIVE || a.state() == AlertState.RESOLVED) {
                        continue; // never stored (an instance that opened and closed between two writes)
                    }
                    idByFingerprint.put(a.fingerprint(), AlertRecords.insert(connection, row(0, a)));
                    continue;
                }
                switch (a.state()) {
                    case INACTIVE -> {
                        AlertRecords.deletePending(connection, id);
                        idByFingerprint.remove(a.fingerprint());
                    }
                    case RESOLVED -> {
                        AlertRecords.updateState(connection, row(id, a));
                        idByFingerprint.remove(a.fingerprint());
                    }
                    default -> AlertRecords.updateState(connection, row(id, a));
                }
            }
            if (refresh) {
                for (AlertInstance a : e.open()) {
                    Long id = idByFingerprint.get(a.fingerprint());
                    if (id != null && !changed.contains(a.fingerprint())) {
                        AlertRecords.updateState(connection, row(id, a));
                    }
                }
                lastRefresh = e.atMillis();
            }
            return null;
        });
    }

    static AlertRow row(long id, AlertInstance a) {
        return new AlertRow(
                id,
                a.rule(),
                a.fingerprint(),
                a.labels().canonical(),
                a.severity().label(),
                a.state().label(),
                a.activeSinceMillis(),
                a.firedAtMillis(),
                a.resolvedAtMillis(),
                a.lastActiveMillis(),
                a.value(),
                a.threshold(),
                a.summary(),
                a.description(),
                a.runbook(),
                a.eventCount(),
                0,
                0,
                0,
                null,
                0,
                null,
                0,
                null);
    }

    public static AlertInstance instance(AlertRow r) {
        return new AlertInstance(
                r.rule(),
                r.fingerprint(),
                Labels.parse(r.labels()),
                Severity.parse(r.severity()).orElse(Severity.WARNING),
                AlertState.parse(r.state()).orElse(AlertState.FIRING),
                r.activeSinceMillis(),
                r.firedAtMillis(),
                r.resolvedAtMillis(),
                r.lastActiveMillis(),
                r.value(),
                r.threshold(),
                r.summary(),
                r.description(),
                r.runbook(),
                r.eventCount());
    }
}
