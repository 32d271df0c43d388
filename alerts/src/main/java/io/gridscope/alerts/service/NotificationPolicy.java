package io.gridscope.alerts.service;

import io.gridscope.alerts.rules.Selector;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.AuditRecords;
import io.gridscope.history.records.SilenceRow;
import io.gridscope.model.Labels;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Decides, once per evaluation cycle, which notifications go out, and records each before it is sent (mark and
 * audit entry in one transaction), so none is ever sent twice, across restarts too:
 *
 * <ul>
 *   <li>a firing alert that is not acknowledged, snoozed or silenced and was not notified: {@code FIRING} (an alert
 *       snoozed or silenced when it fired is notified when the snooze or silence ends, if it still fires);
 *   <li>a critical firing alert unacknowledged for {@code escalateAfter} since it fired (not snoozed or silenced):
 *       {@code ESCALATED}, once;
 *   <li>a resolved alert whose firing was notified: {@code RESOLVED}, once.
 * </ul>
 */
public final class NotificationPolicy {
    public static final String AUDIT_SUBJECT_PREFIX = "alert ";

    private NotificationPolicy() {}

    public static List<AlertNotice> cycle(Connection c, long now, Duration escalateAfter, String notifierNames)
            throws SQLException {
        List<AlertNotice> out = new ArrayList<>();
        List<Selector> silences = new ArrayList<>();
        for (SilenceRow s : AlertRecords.silences(c, now)) {
            if (s.activeAt(now)) {
                try {
                    silences.add(Selector.parse("x" + s.matchers()));
                } catch (IllegalArgumentException e) {
                    // stored by AlertActions after the same parse; a row that no longer parses silences nothing
                    LoggerFactory.getLogger(NotificationPolicy.class)
                            .warn(
                                    "silence {} ({}) is not label matchers and silences nothing: {}",
                                    s.id(),
                                    s.matchers(),
                                    e.getMessage());
                }
            }
        }
        RecordsConnection.inTransaction(c, tx -> {
            for (AlertRow a : AlertRecords.open(c)) {
                if (!a.state().equals("firing") || a.acknowledged() || a.snoozedAt(now) || silenced(a, silences)) {
                    continue;
                }
                if (a.notifiedMillis() == 0) {
                    if (AlertRecords.mark(c, a.id(), AlertRecords.Mark.NOTIFIED, now)) {
                        audit(c, now, a, "notify", notifierNames);
                        out.add(new AlertNotice(AlertNotice.Kind.FIRING, a));
                    }
                } else if (a.severity().equals("critical")
                        && a.escalatedMillis() == 0
                        && now - a.firedAtMillis() >= escalateAfter.toMillis()) {
                    if (AlertRecords.mark(c, a.id(), AlertRecords.Mark.ESCALATED, now)) {
                        audit(
                                c,
                                now,
                                a,
                                "escalate",
                                "unacknowledged for "
                                        + io.gridscope.model.DurationText.ofMillis(now - a.firedAtMillis()) + "; "
                                        + notifierNames);
                        out.add(new AlertNotice(AlertNotice.Kind.ESCALATED, a));
                    }
                }
            }
            for (AlertRow a : AlertRecords.resolvedToNotify(c)) {
                if (AlertRecords.mark(c, a.id(), AlertRecords.Mark.RESOLVED_NOTIFIED, now)) {
                    audit(c, now, a, "notify resolved", notifierNames);
                    out.add(new AlertNotice(AlertNotice.Kind.RESOLVED, a));
                }
            }
            return null;
        });
        return out;
    }

    static boolean silenced(AlertRow a, List<Selector> silences) {
        if (silences.isEmpty()) {
            return false;
        }
        Labels labels = Labels.parse(a.labels());
        for (Selector s : silences) {
            if (s.matches("x", labels)) {
                return true;
            }
        }
        return false;
    }

    private static void audit(Connection c, long now, AlertRow a, String action, String to) throws SQLException {
        AuditRecords.appendInTransaction(
                c,
                new AuditEntry(
                        now,
                        "gridscope",
                        AUDIT_SUBJECT_PREFIX + a.id(),
                        action,
                        a.rule() + a.labels(),
                        a.summary() + (to.isEmpty() ? "" : " → " + to)));
    }
}
