package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.alertmanager.AmView;
import io.gridscope.alerts.alertmanager.MirrorStatus;
import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.app.CollectorLock;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Alerts written straight into a history, as the evaluating process stores them. */
public final class AlertFixture {
    /**
     * Rules that raised {@link #fourAlerts}: a console that evaluates keeps an alert only while its rule is in force
     * (and, restored, waits two minutes for its series, which these never get).
     */
    public static final String RULES = """
            [[rule]]
            name = "HighCpu"
            series = 'host_cpu_utilization_ratio{host=~"gpu-0.*",cpu="total"}'
            condition = "threshold"
            op = ">"
            value = 0.9
            severity = "critical"

            [[rule]]
            name = "DiskFilling"
            series = 'host_filesystem_used_bytes{host=~"gpu-0.*"}'
            condition = "threshold"
            op = ">"
            value = 0.9
            severity = "warning"

            [[rule]]
            name = "GpuHot"
            series = 'gpu_temperature_celsius{host=~"gpu-0.*"}'
            condition = "threshold"
            op = ">"
            value = 80
            for = "5m"
            severity = "info"
            """;

    private AlertFixture() {}

    /** A board of these alerts read at {@code nowMillis}: no silences, rules or Alertmanager, no error. */
    public static Board board(List<AlertRow> alerts, long nowMillis) {
        return board(alerts, Optional.empty(), nowMillis);
    }

    /** The same, with the process that evaluates the rules when it is not this one. */
    public static Board board(List<AlertRow> alerts, Optional<CollectorLock.Holder> collector, long nowMillis) {
        return new Board(
                alerts,
                List.of(),
                List.of(),
                Board.empty().rules(),
                collector,
                nowMillis,
                "",
                AmView.empty(),
                MirrorStatus.notConfigured());
    }

    /** A stored alert; times are minutes before {@code now} (0: not reached). */
    public static AlertRow row(
            String rule,
            String labels,
            String severity,
            String state,
            long now,
            long activeMinutesAgo,
            long firedMinutesAgo,
            long resolvedMinutesAgo,
            double value,
            double threshold,
            String summary) {
        return new AlertRow(
                0,
                rule,
                Long.toHexString((rule + labels).hashCode() & 0xffffffffL),
                labels,
                severity,
                state,
                ago(now, activeMinutesAgo),
                ago(now, firedMinutesAgo),
                ago(now, resolvedMinutesAgo),
                resolvedMinutesAgo != 0 ? ago(now, resolvedMinutesAgo) : now,
                value,
                threshold,
                summary,
                "What it means and what to do.",
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
    }

    private static long ago(long now, long minutes) {
        return minutes == 0 ? 0 : now - Duration.ofMinutes(minutes).toMillis();
    }

    /** A history in {@code dataDir} holding {@code rows}; returns their ids, in order. */
    public static List<Long> write(Path dataDir, List<AlertRow> rows) throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        HistoryStore.open(dataDir).close();
        try (Connection c = RecordsConnection.open(dataDir)) {
            return rows.stream()
                    .map(r -> {
                        try {
                            return AlertRecords.insert(c, r);
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    /** Four alerts: two firing (critical on gpu-01, warning on gpu-02), one pending, one resolved an hour ago. */
    public static List<AlertRow> fourAlerts(long now) {
        return List.of(
                row(
                        "HighCpu",
                        "{alertname=\"HighCpu\",host=\"gpu-01\",severity=\"critical\"}",
                        "critical",
                        "firing",
                        now,
                        30,
                        25,
                        0,
                        0.97,
                        0.9,
                        "CPU at 97% on gpu-01"),
                row(
                        "DiskFilling",
                        "{alertname=\"DiskFilling\",host=\"gpu-02\",mountpoint=\"/data\"}",
                        "warning",
                        "firing",
                        now,
                        50,
                        40,
                        0,
                        0.93,
                        0.9,
                        "/data on gpu-02 is 93% full"),
                row(
                        "GpuHot",
                        "{alertname=\"GpuHot\",gpu_uuid=\"GPU-1\",host=\"gpu-01\"}",
                        "info",
                        "pending",
                        now,
                        2,
                        0,
                        0,
                        81,
                        80,
                        "GPU-1 at 81 °C"),
                row(
                        "HighCpu",
                        "{alertname=\"HighCpu\",host=\"gpu-02\",severity=\"critical\"}",
                        "critical",
                        "resolved",
                        now,
                        120,
                        115,
                        60,
                        0.95,
                        0.9,
                        "CPU at 95% on gpu-02"));
    }
}
