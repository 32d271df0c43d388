package io.gridscope.alerts.store;

import io.gridscope.alerts.rules.Selector;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.SilenceRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What on-call engineers do to alerts: acknowledge (who, when, a comment), unacknowledge, snooze until a time,
 * silence by label matchers until a time, end a silence. Each action and its audit entry are written in one
 * transaction on a short-lived connection to the data directory's history, so the console, the {@code alerts}
 * commands and a {@code collect} service on the same directory all see it; the evaluating process takes it into
 * account at its next cycle. Any thread; each call blocks for the write (never call it on the FX thread).
 */
public final class AlertActions {
    public static final int MAX_COMMENT_CHARS = 2_000;

    /**
     * The result of an action: done, or refused with the reason (unknown id, alert already resolved, an end time
     * that has passed, bad matchers, a comment longer than {@value #MAX_COMMENT_CHARS} characters, …).
     */
    public record Outcome(boolean done, String message, Optional<AlertRow> alert) {
        static Outcome refused(String message) {
            return new Outcome(false, message, Optional.empty());
        }
    }

    private final Path dataDir;
    private final Clock clock;

    public AlertActions(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public Outcome acknowledge(long id, String who, String comment) {
        if (tooLong(comment)) {
            return Outcome.refused(TOO_LONG);
        }
        String c = comment(comment);
        return onAlert(id, "acknowledge", (conn, row, now) -> {
            if (row.acknowledged()) {
                return Outcome.refused("alert " + id + " is already acknowledged by " + row.ackBy());
            }
            if (!AlertRecords.acknowledge(conn, id, who, now, c)) {
                return Outcome.refused(notOpen(row));
            }
            audit(conn, now, who, "alert " + id, "acknowledge", describe(row), c);
            return new Outcome(true, "acknowledged alert " + id + " (" + row.rule() + ")", Optional.of(row));
        });
    }

    public Outcome unacknowledge(long id, String who, String comment) {
        if (tooLong(comment)) {
            return Outcome.refused(TOO_LONG);
        }
        String c = comment(comment);
        return onAlert(id, "unacknowledge", (conn, row, now) -> {
            if (!AlertRecords.unacknowledge(conn, id)) {
                return Outcome.refused(row.acknowledged() ? notOpen(row) : "alert " + id + " is not acknowledged");
            }
            audit(
                    conn,
                    now,
                    who,
                    "alert " + id,
                    "unacknowledge",
                    "acknowledged by " + row.ackBy() + ": " + nullToEmpty(row.ackComment()),
                    c);
            return new Outcome(true, "alert " + id + " is no longer acknowledged", Optional.of(row));
        });
    }

    /** Snoozes an alert until {@code end} (to the millisecond); {@link Instant#EPOCH} ends a snooze. */
    public Outcome snooze(long id, Instant end, String who, String comment) {
        if (tooLong(comment)) {
            return Outcome.refused(TOO_LONG);
        }
        Instant until = stored(end);
        String c = comment(comment);
        return onAlert(id, "snooze", (conn, row, now) -> {
            long u = until.toEpochMilli();
            if (u != 0 && u <= now) {
                return Outcome.refused("the snooze must end in the future (" + until + " has passed)");
            }
            if (!AlertRecords.snooze(conn, id, u, who)) {
                return Outcome.refused(notOpen(row));
            }
            audit(
                    conn,
                    now,
                    who,
                    "alert " + id,
                    u == 0 ? "end snooze" : "snooze",
                    row.snoozedUntilMillis() == 0
                            ? ""
                            : "snoozed until " + Instant.ofEpochMilli(row.snoozedUntilMillis()),
                    (u == 0 ? "" : "until " + until + (c.isEmpty() ? "" : ": ")) + c);
            return new Outcome(
                    true,
                    u == 0 ? "alert " + id + " is no longer snoozed" : "alert " + id + " snoozed until " + until,
                    Optional.of(row));
        });
    }

    /**
     * Silences every alert whose labels match {@code matchers} (e.g. {@code {host="gpu-01"}}) until {@code end} (to the millisecond).
     * Returns the silence's id in the message.
     */
    public Outcome silence(String matchers, Instant end, String who, String comment) {
        if (tooLong(comment)) {
            return Outcome.refused(TOO_LONG);
        }
        Instant until = stored(end);
        String c = comment(comment);
        String m = matchers.strip();
        try {
            Selector s = Selector.parse("x" + (m.startsWith("{") ? m : "{" + m + "}"));
            if (s.matchers().isEmpty()) {
                return Outcome.refused("a silence needs at least one label matcher");
            }
            m = s.toString().substring(1);
        } catch (IllegalArgumentException e) {
            return Outcome.refused("not label matchers: " + e.getMessage().replace("'x{", "'{"));
        }
        String text = m;
        return write("silence", (conn, now) -> {
            if (until.toEpochMilli() <= now) {
                return Outcome.refused("the silence must end in the future (" + until + " has passed)");
            }
            long sid = AlertRecords.addSilence(conn, new SilenceRow(0, text, now, until.toEpochMilli(), who, c, 0));
            audit(
                    conn,
                    now,
                    who,
                    "silence " + sid,
                    "silence",
                    "",
                    text + " until " + until + (c.isEmpty() ? "" : ": " + c));
            return new Outcome(true, "silence " + sid + " created: " + text + " until " + until, Optional.empty());
        });
    }

    public Outcome expireSilence(long silenceId, String who, String comment) {
        if (tooLong(comment)) {
            return Outcome.refused(TOO_LONG);
        }
        String c = comment(comment);
        return write("end silence", (conn, now) -> {
            if (!AlertRecords.expireSilence(conn, silenceId, now)) {
                return Outcome.refused("silence " + silenceId + " is unknown or already over");
            }
            audit(conn, now, who, "silence " + silenceId, "end silence", "", c);
            return new Outcome(true, "silence " + silenceId + " ended", Optional.empty());
        });
    }

    /** Records a change of the rules file (whole text before and after). */
    public Outcome recordRuleChange(String who, String before, String after, String file) {
        return write("record a rule change", (conn, now) -> {
            audit(conn, now, who, "rules " + file, "change", before, after);
            return new Outcome(true, "rule change recorded", Optional.empty());
        });
    }

    // ------------------------------------------------------------------------------------------------ internals

    @FunctionalInterface
    private interface AlertWork {
        Outcome apply(Connection c, AlertRow row, long now) throws SQLException;
    }

    @FunctionalInterface
    private interface Work {
        Outcome apply(Connection c, long now) throws SQLException;
    }

    private Outcome onAlert(long id, String what, AlertWork work) {
        return write(what, (conn, now) -> {
            Optional<AlertRow> row = AlertRecords.byId(conn, id);
            if (row.isEmpty()) {
                return Outcome.refused("no alert " + id + " (./gridscope alerts list shows the ids)");
            }
            return work.apply(conn, row.get(), now);
        });
    }

    private Outcome write(String what, Work work) {
        try (Connection conn = RecordsConnection.open(dataDir)) {
            conn.setAutoCommit(false);
            try {
                Outcome o = work.apply(conn, clock.millis());
                if (o.done()) {
                    conn.commit();
                } else {
                    conn.rollback();
                }
                return o;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            }
        } catch (SQLException e) {
            return Outcome.refused("could not " + what + ": " + e.getMessage());
        } catch (io.gridscope.history.HistoryException e) {
            return Outcome.refused("could not " + what + ": " + e.getMessage());
        }
    }

    static void audit(Connection c, long now, String who, String subject, String action, String before, String after)
            throws SQLException {
        AuditRecords.appendInTransaction(c, new AuditEntry(now, who, subject, action, before, after));
    }

    private static String describe(AlertRow row) {
        return row.state() + " " + row.rule() + row.labels() + " — " + row.summary();
    }

    private static String notOpen(AlertRow row) {
        return "alert " + row.id() + " is " + row.state() + "; only pending or firing alerts take this action";
    }

    private static final String TOO_LONG = "a comment is at most " + MAX_COMMENT_CHARS + " characters";

    private static boolean tooLong(String c) {
        return comment(c).length() > MAX_COMMENT_CHARS;
    }

    private static String comment(String c) {
        return c == null ? "" : c.strip();
    }

    /** {@code at} as it is stored (epoch millis), so messages and the audit log say what the history holds. */
    private static Instant stored(Instant at) {
        return Instant.ofEpochMilli(at.toEpochMilli());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
