package io.gridscope.alerts.store;

import io.gridscope.alerts.alertmanager.AckLedger;
import io.gridscope.history.HistoryException;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The Alertmanager acknowledgement silences this data directory's consoles made, kept in its history
 * ({@code alert_am_acks}), so they are found and expired after a restart. Each call is one short transaction on its
 * own connection; a database error is turned into an {@link IllegalStateException} naming the operation (the
 * mirror reports it and the acknowledgement in Alertmanager itself stays the truth).
 */
public final class HistoryAckLedger implements AckLedger {
    private final Path dataDir;
    private final Clock clock;
    private final String who;

    public HistoryAckLedger(Path dataDir, Clock clock, String who) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.who = who;
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T with(String what, Work<T> work) {
        try (Connection c = RecordsConnection.open(dataDir)) {
            return work.apply(c);
        } catch (SQLException | HistoryException e) {
            throw new IllegalStateException("Alertmanager acknowledgements: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String alertFingerprint, String silenceId) {
        with("record", c -> {
            AlertRecords.putAmAck(c, alertFingerprint, silenceId, clock.millis(), who);
            return null;
        });
    }

    @Override
    public Optional<String> lookup(String alertFingerprint) {
        return with("look up", c -> AlertRecords.amAck(c, alertFingerprint));
    }

    @Override
    public void remove(String alertFingerprint) {
        with("remove", c -> {
            AlertRecords.removeAmAck(c, alertFingerprint);
            return null;
        });
    }

    @Override
    public Map<String, String> entries() {
        return with("list", AlertRecords::amAcks);
    }
}
