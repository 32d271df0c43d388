package io.gridscope.history.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The alert tables (schema: {@code Schema}'s alerts version). Stateless; every method works on the caller's
 * connection and transaction. The evaluating process writes alert states ({@link #insert}, {@link #updateState}) and
 * notification marks; any process writes acknowledgements, snoozes and silences.
 */
public final class AlertRecords {
    private static final String COLUMNS = "id, rule, fingerprint, labels, severity, state, active_since_ms,"
            + " fired_at_ms, resolved_at_ms, last_active_ms, value, threshold, summary, description, runbook,"
            + " event_count, notified_ms, escalated_ms, resolved_notified_ms, ack_by, ack_at_ms, ack_comment,"
            + " snoozed_until_ms, snoozed_by";

    /** Which notification mark to set. */
    public enum Mark {
        NOTIFIED("notified_ms"),
        ESCALATED("escalated_ms"),
        RESOLVED_NOTIFIED("resolved_notified_ms");

        final String column;

        Mark(String column) {
            this.column = column;
        }
    }

    private AlertRecords() {}

    /** Inserts a new alert (its id is ignored); returns the id given. */
    public static long insert(Connection c, AlertRow a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alerts(rule, fingerprint, labels, severity, state, active_since_ms, fired_at_ms,"
                        + " resolved_at_ms, last_active_ms, value, threshold, summary, description, runbook,"
                        + " event_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, a.rule());
            ps.setString(2, a.fingerprint());
            ps.setString(3, a.labels());
            ps.setString(4, a.severity());
            ps.setString(5, a.state());
            ps.setLong(6, a.activeSinceMillis());
            ps.setLong(7, a.firedAtMillis());
            ps.setLong(8, a.resolvedAtMillis());
            ps.setLong(9, a.lastActiveMillis());
            setDouble(ps, 10, a.value());
            setDouble(ps, 11, a.threshold());
            ps.setString(12, a.summary());
            ps.setString(13, a.description());
            ps.setString(14, a.runbook());
            ps.setInt(15, a.eventCount());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Updates what the evaluating process owns: state, times, value, texts, event count. */
    public static void updateState(Connection c, AlertRow a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET state=?, fired_at_ms=?, resolved_at_ms=?, last_active_ms=?, value=?, threshold=?,"
                        + " summary=?, description=?, event_count=? WHERE id=?")) {
            ps.setString(1, a.state());
            ps.setLong(2, a.firedAtMillis());
            ps.setLong(3, a.resolvedAtMillis());
            ps.setLong(4, a.lastActiveMillis());
            setDouble(ps, 5, a.value());
            setDouble(ps, 6, a.threshold());
            ps.setString(7, a.summary());
            ps.setString(8, a.description());
            ps.setInt(9, a.eventCount());
            ps.setLong(10, a.id());
            ps.executeUpdate();
        }
    }

    /** Deletes a pending alert whose condition stopped before it fired (it never notified anyone). */
    public static void deletePending(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alerts WHERE id=? AND state='pending'")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * Sets a notification mark if it is not set yet; returns whether this call set it. The mark is written before
     * the notification goes out, so a crash loses at most that notification and never sends it twice.
     */
    public static boolean mark(Connection c, long id, Mark mark, long at) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE alerts SET " + mark.column + "=? WHERE id=? AND " + mark.column + "=0")) {
            ps.setLong(1, at);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Deletes alerts resolved before {@code cutoffMillis} and silences that ended before it; returns the rows
     * deleted. Open alerts are never deleted. Their audit entries stay (the audit log is never trimmed).
     */
    public static long deleteResolvedBefore(Connection c, long cutoffMillis) throws SQLException {
        long n;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM alerts WHERE state='resolved' AND resolved_at_ms<>0 AND resolved_at_ms<?")) {
            ps.setLong(1, cutoffMillis);
            n = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM alert_silences WHERE ends_ms<? OR (expired_ms<>0" + " AND expired_ms<?)")) {
            ps.setLong(1, cutoffMillis);
            ps.setLong(2, cutoffMillis);
            n += ps.executeUpdate();
        }
        return n;
    }

    /** Acknowledges an open alert; false when it is not open (resolved meanwhile) or unknown. */
    public static boolean acknowledge(Connection c, long id, String who, long at, String comment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET ack_by=?, ack_at_ms=?, ack_comment=?"
                + " WHERE id=? AND state IN ('pending','firing')")) {
            ps.setString(1, who);
            ps.setLong(2, at);
            ps.setString(3, comment);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    public static boolean unacknowledge(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET ack_by=NULL, ack_at_ms=0, ack_comment=NULL"
                + " WHERE id=? AND state IN ('pending','firing') AND ack_at_ms<>0")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Snoozes an open alert until {@code until} (0 ends a snooze); false when it is not open. */
    public static boolean snooze(Connection c, long id, long until, String who) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET snoozed_until_ms=?, snoozed_by=?"
                + " WHERE id=? AND state IN ('pending','firing')")) {
            ps.setLong(1, until);
            ps.setString(2, until == 0 ? null : who);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    public static Optional<AlertRow> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id=?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Pending and firing alerts, oldest first. */
    public static List<AlertRow> open(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM alerts WHERE state IN ('pending','firing') ORDER BY id", -1, -1);
    }

    /** Resolved alerts whose firing was notified and whose resolution was not yet. */
    public static List<AlertRow> resolvedToNotify(Connection c) throws SQLException {
        return query(
                c,
                "SELECT " + COLUMNS + " FROM alerts WHERE state='resolved' AND notified_ms<>0 AND"
                        + " resolved_notified_ms=0 ORDER BY id LIMIT 1000",
                -1,
                -1);
    }

    /**
     * Alerts in {@code states} (all when empty) that were open at some time since {@code sinceMillis}, newest
     * first, at most {@code limit}.
     */
    public static List<AlertRow> list(Connection c, Set<String> states, long sinceMillis, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT " + COLUMNS + " FROM alerts WHERE (resolved_at_ms=0 OR" + " resolved_at_ms>=?)");
        if (!states.isEmpty()) {
            sql.append(" AND state IN (");
            int i = 0;
            for (String s : states) {
                if (!s.matches("[a-z]+")) {
                    throw new IllegalArgumentException("not a state: " + s);
                }
                sql.append(i++ == 0 ? "" : ",").append('\'').append(s).append('\'');
            }
            sql.append(')');
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        return query(c, sql.toString(), sinceMillis, Math.max(0, limit));
    }

    private static List<AlertRow> query(Connection c, String sql, long since, int limit) throws SQLException {
        List<AlertRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (since >= 0) {
                ps.setLong(1, since);
                ps.setInt(2, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static AlertRow row(ResultSet rs) throws SQLException {
        return new AlertRow(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9),
                rs.getLong(10),
                getDouble(rs, 11),
                getDouble(rs, 12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getInt(16),
                rs.getLong(17),
                rs.getLong(18),
                rs.getLong(19),
                rs.getString(20),
                rs.getLong(21),
                rs.getString(22),
                rs.getLong(23),
                rs.getString(24));
    }

    // ------------------------------------------------------------------------------------------------ silences

    public static long addSilence(Connection c, SilenceRow s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_silences(matchers, starts_ms, ends_ms, created_by, comment) VALUES (?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, s.matchers());
            ps.setLong(2, s.startsMillis());
            ps.setLong(3, s.endsMillis());
            ps.setString(4, s.createdBy());
            ps.setString(5, s.comment());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static boolean expireSilence(Connection c, long id, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alert_silences SET expired_ms=? WHERE id=? AND expired_ms=0 AND ends_ms>?")) {
            ps.setLong(1, at);
            ps.setLong(2, id);
            ps.setLong(3, at);
            return ps.executeUpdate() == 1;
        }
    }

    /** Silences not ended before {@code sinceMillis}, newest first. */
    public static List<SilenceRow> silences(Connection c, long sinceMillis) throws SQLException {
        List<SilenceRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, matchers, starts_ms, ends_ms, created_by, comment, expired_ms FROM alert_silences"
                        + " WHERE ends_ms>=? AND (expired_ms=0 OR expired_ms>=?) ORDER BY id DESC LIMIT 1000")) {
            ps.setLong(1, sinceMillis);
            ps.setLong(2, sinceMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SilenceRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getLong(7)));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ rule health

    /** Replaces the stored health of every rule (one transaction is the caller's). */
    public static void replaceRuleStatus(Connection c, List<RuleStatusRow> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM alert_rule_status");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_rule_status(rule, health, detail, series,"
                + " active, evaluated_ms) VALUES (?,?,?,?,?,?)")) {
            for (RuleStatusRow r : rows) {
                ps.setString(1, r.rule());
                ps.setString(2, r.health());
                ps.setString(3, r.detail());
                ps.setInt(4, r.series());
                ps.setInt(5, r.active());
                ps.setLong(6, r.evaluatedMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static List<RuleStatusRow> ruleStatus(Connection c) throws SQLException {
        List<RuleStatusRow> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT rule, health, detail, series, active, evaluated_ms FROM"
                        + " alert_rule_status ORDER BY rule")) {
            while (rs.next()) {
                out.add(new RuleStatusRow(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getLong(6)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ Alertmanager

    /** The silence that acknowledges the Alertmanager alert {@code fingerprint}, if Gridscope made one. */
    public static Optional<String> amAck(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT silence_id FROM alert_am_acks WHERE fingerprint=?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static void putAmAck(Connection c, String fingerprint, String silenceId, long at, String who)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO alert_am_acks(fingerprint, silence_id,"
                + " created_ms, created_by) VALUES (?,?,?,?)")) {
            ps.setString(1, fingerprint);
            ps.setString(2, silenceId);
            ps.setLong(3, at);
            ps.setString(4, who);
            ps.executeUpdate();
        }
    }

    public static void removeAmAck(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_am_acks WHERE fingerprint=?")) {
            ps.setString(1, fingerprint);
            ps.executeUpdate();
        }
    }

    /** Every recorded Alertmanager acknowledgement: fingerprint → silence id. */
    public static java.util.Map<String, String> amAcks(Connection c) throws SQLException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT fingerprint, silence_id FROM alert_am_acks")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            ps.setNull(i, java.sql.Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }
}
