package io.gridscope.console.app;

import io.gridscope.history.HistoryStore;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.ReportingPeriod;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Alerts of the accounting fixture's two days (2026-11-02 and 03, UTC) for the on-call report, with the figures worked
 * out by hand below. Times to acknowledge (TTA) and to resolve (TTR) in minutes from firing; median and 90th
 * percentile by nearest rank (rank ⌈p/100 × n⌉ of the sorted times).
 *
 * <pre>
 * id  severity  fired             acknowledged  resolved      escalated  TTA  TTR  open at the end
 *  1  critical  11-02 10:00       10:06         10:50         10:05        6   50
 *  2  critical  11-03 08:00       08:20         09:30         -           20   90
 *  3  critical  11-03 22:00       -             -             22:15        -    -  yes
 *  4  warning   11-02 12:00       12:03         -             -            3    -  yes
 *  5  warning   11-02 14:00       -             14:25         -            -   25
 *  6  warning   11-03 23:30       -             -             -            -    -  yes
 *  7  info      11-03 01:00       01:01         01:10         -            1   10
 *  8  warning   11-01 23:00       -             11-02 00:10   -           fired before the period: left out
 *  9  critical  (pending since 11-03 12:00, never fired)                  left out
 * 10  warning   11-04 02:00 (after the period, still open)                 left out
 *
 * critical: fired 3, acknowledged 2 (66.7 %), TTA [6, 20] → median 6, p90 20; resolved 2, TTR [50, 90] → 50, 90;
 *           open 1, escalated 2
 * warning:  fired 3, acknowledged 1, TTA [3] → 3, 3; resolved 1, TTR [25] → 25, 25; open 2, escalated 0
 * info:     fired 1, acknowledged 1, TTA [1] → 1, 1; resolved 1, TTR [10] → 10, 10; open 0, escalated 0
 * total:    fired 7, acknowledged 4 (57.1 %), TTA [1, 3, 6, 20] → median (rank 2) 3, p90 (rank 4) 20;
 *           resolved 4, TTR [10, 25, 50, 90] → median (rank 2) 25, p90 (rank 4) 90; open 3, escalated 2
 * </pre>
 */
public final class OnCallAlertFixture {
    public static final Currency EUR = Currency.getInstance("EUR");
    /** 2026-11-02T00:00Z to 2026-11-04T00:00Z; the fixture's clock stands at its end. */
    public static final ReportingPeriod PERIOD =
            ReportingPeriod.days(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03"), ZoneOffset.UTC);

    private OnCallAlertFixture() {}

    public static ReportSpec spec() {
        return new ReportSpec(ReportKind.ON_CALL, PERIOD, io.gridscope.reports.accounting.GroupBy.TEAM, EUR);
    }

    static {
        if (!AccountingFixture.NOW.instant().equals(PERIOD.to())) {
            throw new IllegalStateException("the fixture's clock moved: " + AccountingFixture.NOW.instant());
        }
    }

    /** Ten stored alerts, ids 1 to 10 in order as in the table above. */
    public static List<AlertRow> rows() {
        return List.of(
                row(
                        "HostMemoryPressure",
                        "critical",
                        "firing",
                        "2026-11-02T10:00",
                        "2026-11-02T10:00",
                        "2026-11-02T10:06",
                        "2026-11-02T10:50",
                        "2026-11-02T10:05"),
                row(
                        "DataDiskNearlyFull",
                        "critical",
                        "resolved",
                        "2026-11-03T08:00",
                        "2026-11-03T08:00",
                        "2026-11-03T08:20",
                        "2026-11-03T09:30",
                        null),
                row(
                        "HistoryWritesFailing",
                        "critical",
                        "firing",
                        "2026-11-03T21:59",
                        "2026-11-03T22:00",
                        null,
                        null,
                        "2026-11-03T22:15"),
                row(
                        "SourceDown",
                        "warning",
                        "firing",
                        "2026-11-02T11:58",
                        "2026-11-02T12:00",
                        "2026-11-02T12:03",
                        null,
                        null),
                row(
                        "FilesystemNearlyFull",
                        "warning",
                        "resolved",
                        "2026-11-02T13:55",
                        "2026-11-02T14:00",
                        null,
                        "2026-11-02T14:25",
                        null),
                row(
                        "BudgetForecastOver",
                        "warning",
                        "firing",
                        "2026-11-03T23:00",
                        "2026-11-03T23:30",
                        null,
                        null,
                        null),
                row(
                        "IdleCostHigh",
                        "info",
                        "resolved",
                        "2026-11-03T01:00",
                        "2026-11-03T01:00",
                        "2026-11-03T01:01",
                        "2026-11-03T01:10",
                        null),
                row(
                        "HostSwapStorm",
                        "warning",
                        "resolved",
                        "2026-11-01T22:58",
                        "2026-11-01T23:00",
                        null,
                        "2026-11-02T00:10",
                        null),
                row("CollectorOverBudget", "critical", "pending", "2026-11-03T12:00", null, null, null, null),
                row("SourceDown", "warning", "firing", "2026-11-04T01:58", "2026-11-04T02:00", null, null, null));
    }

    private static long at(String minute) {
        return minute == null ? 0 : Instant.parse(minute + ":00Z").toEpochMilli();
    }

    private static AlertRow row(
            String rule,
            String severity,
            String state,
            String active,
            String fired,
            String acked,
            String resolved,
            String escalated) {
        String labels = "{alertname=\"" + rule + "\",host=\"gpu-node-1\",severity=\"" + severity + "\"}";
        long resolvedAt = at(resolved);
        return new AlertRow(
                0,
                rule,
                Long.toHexString((rule + labels + active).hashCode() & 0xffffffffL),
                labels,
                severity,
                resolvedAt != 0 ? "resolved" : state,
                at(active),
                at(fired),
                resolvedAt,
                resolvedAt != 0 ? resolvedAt : at("2026-11-04T00:00"),
                1,
                0,
                rule + " on gpu-node-1",
                "",
                "",
                0,
                at(fired),
                at(escalated),
                resolvedAt,
                acked == null ? null : "alice",
                at(acked),
                acked == null ? null : "looking",
                0,
                null);
    }

    /**
     * Writes {@link #rows} into the history in {@code dataDir} as the evaluating process and the operator do: the
     * alert inserted open, acknowledged, marked escalated, then its state updated to resolved. Returns the ids.
     */
    public static List<Long> write(Path dataDir) throws Exception {
        HistoryStore.open(dataDir, AccountingFixture.options()).close();
        List<Long> ids = new ArrayList<>();
        try (Connection c = RecordsConnection.open(dataDir)) {
            for (AlertRow r : rows()) {
                boolean resolved = r.resolvedAtMillis() != 0;
                AlertRow open = new AlertRow(
                        0,
                        r.rule(),
                        r.fingerprint(),
                        r.labels(),
                        r.severity(),
                        resolved ? "firing" : r.state(),
                        r.activeSinceMillis(),
                        r.firedAtMillis(),
                        0,
                        r.lastActiveMillis(),
                        r.value(),
                        r.threshold(),
                        r.summary(),
                        r.description(),
                        r.runbook(),
                        r.eventCount(),
                        0,
                        0,
                        0,
                        null,
                        0,
                        null,
                        0,
                        null);
                long id = AlertRecords.insert(c, open);
                if (r.acknowledged() && !AlertRecords.acknowledge(c, id, r.ackBy(), r.ackAtMillis(), r.ackComment())) {
                    throw new IllegalStateException("not acknowledged: " + r);
                }
                if (r.escalatedMillis() != 0) {
                    AlertRecords.mark(c, id, AlertRecords.Mark.ESCALATED, r.escalatedMillis());
                }
                if (resolved) {
                    AlertRecords.updateState(c, r.withId(id));
                }
                ids.add(id);
            }
        }
        return ids;
    }
}
