package io.gridscope.console.demo;

import io.gridscope.alerts.store.AlertActions;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Alerts to show (the Alerts page screenshots, demonstrations): six hours of CPU and GPU temperature of two nodes,
 * a rules file whose rules read them, and the alerts those rules raised: one firing, one acknowledged with a comment,
 * one snoozed, one pending, three resolved, and a silence for a rack in maintenance. The rules select only the demo
 * nodes ({@code gpu-node-*}), so a console opened on this data directory keeps them as they are for a while (it
 * restores open alerts and waits for their series). Usage: {@code AlertsDemoData DATA_DIR CONFIG_DIR}.
 */
public final class AlertsDemoData {
    static final String RULES = """
            # Rules for the demo nodes; the built-in gpu, host and sources packs run as well.
            [packs]
            accounting = false

            [[rule]]
            name = "NodeCpuSaturated"
            series = 'host_cpu_utilization_ratio{host=~"gpu-node-.*",cpu="total"}'
            condition = "threshold"
            aggregate = "avg"
            window = "5m"
            op = ">"
            value = 0.9
            clear = 0.85
            for = "5m"
            severity = "critical"
            summary = "CPU at {{ $value }} on {{ $labels.host }}: data loading cannot keep up"
            description = "The node's CPUs have been saturated for 5 minutes; the GPUs wait for input."
            runbook = "https://runbooks.example/node-cpu"

            [[rule]]
            name = "GpuRunningHot"
            series = 'gpu_temperature_celsius{host=~"gpu-node-.*"}'
            condition = "threshold"
            op = ">"
            value = 83
            clear = 80
            for = "2m"
            severity = "warning"
            summary = "GPU {{ $labels.gpu_index }} on {{ $labels.host }} at {{ $value }} °C"
            runbook = "https://runbooks.example/gpu-hot"

            [[rule]]
            name = "TrainingStalled"
            series = 'gpu_utilization_ratio{host=~"gpu-node-.*"}'
            condition = "threshold"
            aggregate = "max"
            window = "10m"
            op = "<"
            value = 0.05
            for = "30m"
            severity = "info"
            summary = "GPU {{ $labels.gpu_index }} on {{ $labels.host }} idle for 10 min"
            """;

    private AlertsDemoData() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AlertsDemoData DATA_DIR CONFIG_DIR");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        Path configDir = Path.of(args[1]);
        long now = Instant.now().toEpochMilli();
        writeSeries(dataDir, now);
        List<Long> ids = writeAlerts(dataDir, now);
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("alerts.toml"), RULES, StandardCharsets.UTF_8);
        AlertActions actions = new AlertActions(dataDir, Clock.systemUTC());
        report(actions.acknowledge(ids.get(1), "ada", "fans replaced yesterday, watching it"));
        report(actions.snooze(
                ids.get(2), Instant.ofEpochMilli(now).plus(Duration.ofHours(4)), "bo", "job ends at 18:00"));
        report(actions.silence(
                "{host=\"gpu-node-3\"}",
                Instant.ofEpochMilli(now).plus(Duration.ofHours(20)),
                "ops",
                "rack 3 maintenance"));
        System.out.println("wrote the alerts demo into " + dataDir + " and " + configDir.resolve("alerts.toml"));
    }

    private static void report(AlertActions.Outcome o) {
        if (!o.done()) {
            throw new IllegalStateException(o.message());
        }
    }

    private static void writeSeries(Path dataDir, long now) throws Exception {
        Files.createDirectories(dataDir);
        HistoryOptions options = HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO);
        SplittableRandom r = new SplittableRandom(7);
        long step = 15_000;
        long from = now - Duration.ofHours(6).toMillis();
        try (HistoryStore store = HistoryStore.open(dataDir, options)) {
            for (long t = from; t <= now; t += step) {
                double minutesAgo = (now - t) / 60_000.0;
                List<Sample> s = new ArrayList<>();
                // node 2 saturated for the last 45 minutes (and five hours ago); node 1 busy from 3 h to 2 h 20 ago
                double cpu2 = minutesAgo < 45 || (minutesAgo > 290 && minutesAgo < 320) ? 0.96 : 0.55;
                double cpu1 = minutesAgo > 140 && minutesAgo < 185 ? 0.95 : 0.4;
                s.add(cpu("gpu-node-1", t, clamp(cpu1 + 0.03 * r.nextGaussian())));
                s.add(cpu("gpu-node-2", t, clamp(cpu2 + 0.02 * r.nextGaussian())));
                // GPU 0 of node 1 warming up over the last 25 minutes, GPU 1 warm for an hour
                double temp0 = minutesAgo < 25 ? 78 + (25 - minutesAgo) * 0.35 : 74;
                double temp1 = minutesAgo < 60 ? 84.5 : 76;
                s.add(temp("gpu-node-1", "0", t, temp0 + 0.6 * r.nextGaussian()));
                s.add(temp("gpu-node-1", "1", t, temp1 + 0.6 * r.nextGaussian()));
                s.add(temp("gpu-node-2", "0", t, 70 + 0.6 * r.nextGaussian()));
                store.append(Snapshot.of("demo", t, s));
            }
            store.flush().get(2, TimeUnit.MINUTES);
        }
    }

    private static Sample cpu(String host, long t, double v) {
        return new Sample(
                SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("host", host, "cpu", "total")),
                t,
                Math.round(v * 1000) / 1000.0);
    }

    private static Sample temp(String host, String index, long t, double v) {
        return new Sample(
                SeriesId.gauge(
                        "gpu_temperature_celsius",
                        Unit.CELSIUS,
                        Labels.of(
                                "host",
                                host,
                                "gpu_uuid",
                                "GPU-" + host.substring(9) + "-" + index,
                                "gpu_index",
                                index)),
                t,
                Math.round(v * 10) / 10.0);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static List<Long> writeAlerts(Path dataDir, long now) throws Exception {
        String cpu2 = "{alertname=\"NodeCpuSaturated\",cpu=\"total\",host=\"gpu-node-2\",severity=\"critical\"}";
        String cpu1 = "{alertname=\"NodeCpuSaturated\",cpu=\"total\",host=\"gpu-node-1\",severity=\"critical\"}";
        List<AlertRow> rows = List.of(
                row(
                        "NodeCpuSaturated",
                        cpu2,
                        "critical",
                        "firing",
                        now,
                        44,
                        39,
                        0,
                        0.962,
                        0.9,
                        "CPU at 0.962 on gpu-node-2: data loading cannot keep up",
                        "The node's CPUs have been saturated for 5 minutes; the GPUs wait for input.",
                        "https://runbooks.example/node-cpu"),
                row(
                        "GpuRunningHot",
                        gpu("gpu-node-1", "0"),
                        "warning",
                        "firing",
                        now,
                        14,
                        12,
                        0,
                        86.4,
                        83,
                        "GPU 0 on gpu-node-1 at 86.4 °C",
                        "",
                        "https://runbooks.example/gpu-hot"),
                row(
                        "GpuRunningHot",
                        gpu("gpu-node-1", "1"),
                        "warning",
                        "firing",
                        now,
                        58,
                        56,
                        0,
                        84.6,
                        83,
                        "GPU 1 on gpu-node-1 at 84.6 °C",
                        "",
                        "https://runbooks.example/gpu-hot"),
                row(
                        "TrainingStalled",
                        "{alertname=\"TrainingStalled\",gpu_index=\"0\",gpu_uuid=\"GPU-2-0\","
                                + "host=\"gpu-node-2\",severity=\"info\"}",
                        "info",
                        "pending",
                        now,
                        9,
                        0,
                        0,
                        0.01,
                        0.05,
                        "GPU 0 on gpu-node-2 idle for 10 min",
                        "",
                        ""),
                row(
                        "NodeCpuSaturated",
                        cpu1,
                        "critical",
                        "resolved",
                        now,
                        180,
                        175,
                        141,
                        0.951,
                        0.9,
                        "CPU at 0.951 on gpu-node-1: data loading cannot keep up",
                        "",
                        "https://runbooks.example/node-cpu"),
                row(
                        "NodeCpuSaturated",
                        cpu2,
                        "critical",
                        "resolved",
                        now,
                        318,
                        313,
                        291,
                        0.958,
                        0.9,
                        "CPU at 0.958 on gpu-node-2: data loading cannot keep up",
                        "",
                        "https://runbooks.example/node-cpu"),
                row(
                        "GpuRunningHot",
                        gpu("gpu-node-2", "0"),
                        "warning",
                        "resolved",
                        now,
                        1_500,
                        1_497,
                        1_460,
                        84.1,
                        83,
                        "GPU 0 on gpu-node-2 at 84.1 °C",
                        "",
                        "https://runbooks.example/gpu-hot"));
        try (Connection c = RecordsConnection.open(dataDir)) {
            List<Long> ids = new ArrayList<>();
            for (AlertRow a : rows) {
                ids.add(AlertRecords.insert(c, a));
            }
            return ids;
        }
    }

    private static String gpu(String host, String index) {
        return "{alertname=\"GpuRunningHot\",gpu_index=\"" + index + "\",gpu_uuid=\"GPU-" + host.substring(9) + "-"
                + index + "\",host=\"" + host + "\",severity=\"warning\"}";
    }

    private static AlertRow row(
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
            String summary,
            String description,
            String runbook) {
        long resolved = ago(now, resolvedMinutesAgo);
        return new AlertRow(
                0,
                rule,
                io.gridscope.alerts.alertmanager.Acknowledgement.fingerprint(
                        Labels.parse(labels).asMap()),
                labels,
                severity,
                state,
                ago(now, activeMinutesAgo),
                ago(now, firedMinutesAgo),
                resolved,
                resolved != 0 ? resolved : now,
                value,
                threshold,
                summary,
                description,
                runbook,
                0,
                ago(now, firedMinutesAgo),
                0,
                resolved,
                null,
                0,
                null,
                0,
                null);
    }

    private static long ago(long now, long minutes) {
        return minutes == 0 ? 0 : now - Duration.ofMinutes(minutes).toMillis();
    }
}
