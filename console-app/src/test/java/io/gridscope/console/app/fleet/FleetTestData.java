package io.gridscope.console.app.fleet;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Counters;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples of the fleet acceptance tests, written twice: under dcgm-exporter and node_exporter names as
 * OpenMetrics (for {@code promtool}) and under Gridscope's names into a local {@link HistoryStore}.
 *
 * <pre>
 * 2026-11-20 00:00–06:00 UTC, a reading every 15 s (from 23:55 the day before, so the first slot has a base)
 * host gpu-node-1 (dcgm Hostname and node_exporter instance):
 *   GPU-f1 300 W at 85 % for 2 h, idle (60 W, 1 %) for 1 h, 250 W at 70 % for 3 h; the energy counter restarts
 *          at a driver reload at 04:10:07 (the reading at 04:10:15 holds the 8 s since): 1.41 kWh − 7 s × 250 W
 *   GPU-f2 200 W at 40–70 % for 6 h: 1.2 kWh
 *   4 CPUs, busy 1/8 to 6/8 changing every minute, a reboot at 05:00:07 (every CPU counter restarts);
 *   RAPL package 150 W with counter wraps at 262,143.32885 J, DRAM 20 W; 512 GiB of memory
 * host cpu-node-2 (node_exporter only, no RAPL): 8 CPUs busy as above, 256 GiB: energy from the host power model
 * </pre>
 */
public final class FleetTestData {
    public static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    public static final Instant TO = Instant.parse("2026-11-20T06:00:00Z");
    public static final Clock NOW = Clock.fixed(TO, ZoneOffset.UTC);
    public static final String HOST = "gpu-node-1";
    public static final String CPU_HOST = "cpu-node-2";
    public static final String MODEL = "NVIDIA H100 80GB HBM3";
    public static final double RAPL_WRAP_JOULES = 262_143.328_850;

    public static final String CONFIG = """
            currency = "EUR"
            timezone = "UTC"
            idle_threshold = 0.05

            [[site]]
            id = "lab"
            hosts = ["gpu-node-*", "cpu-node-*"]
            pue = 1.3
            intensity = 350

            [[electricity]]
            site = "lab"
            currency = "EUR"
            from = "2026-11-01"
            time_of_use = ["00:00-03:00=0.18", "03:00-24:00=0.27"]

            [[hardware]]
            gpu = "GPU-f1"
            purchase_price = "30000"
            currency = "EUR"
            purchase_date = "2026-01-01"
            lifetime_months = 48
            embodied_kgco2e = 300

            [[gpu_hour_default]]
            price_per_hour = "0.50"
            currency = "EUR"

            [embodied]
            gpu_card_kgco2e = 150
            lifetime_months = 48
            source = "test"

            [[allocation]]
            host = "gpu-node-1"
            team = "research"
            project = "alpha"
            """;

    private FleetTestData() {}

    /** The same readings into the local history (Gridscope's names) and into OpenMetrics (the exporters' names). */
    public static void write(Path local, Path openMetrics) throws Exception {
        OpenMetricsText om = new OpenMetricsText();
        Labels host = Labels.of("host", HOST);
        double f1 = 7.3e9; // millijoules
        double f2 = 1.2e10;
        NodeCpus gpuNode = new NodeCpus(HOST, 4);
        NodeCpus cpuNode = new NodeCpus(CPU_HOST, 8);
        double pkg = 100_000;
        double dram = 5_000;
        long start = FROM.toEpochMilli() - Duration.ofMinutes(5).toMillis();
        long reload =
                FROM.plus(Duration.ofHours(4).plusMinutes(10).plusSeconds(7)).toEpochMilli();
        long reboot = FROM.plus(Duration.ofHours(5).plusSeconds(7)).toEpochMilli();
        try (HistoryStore store =
                HistoryStore.open(local, HistoryOptions.defaults().withClock(NOW))) {
            for (long t = start; t < TO.toEpochMilli(); t += 15_000) {
                List<Sample> s = new ArrayList<>();
                long hour = Math.max(0, Math.floorDiv(t - FROM.toEpochMilli(), 3_600_000L));
                // GPU-f1
                double w1 = hour < 2 ? 300 : hour == 2 ? 60 : 250;
                double u1 = hour < 2 ? 85 : hour == 2 ? 1 : 70;
                f1 = t - 15_000 < reload && t >= reload ? (t - reload) * w1 : f1 + w1 * 15_000;
                gpu(s, om, "GPU-f1", "0", t, f1, w1, u1);
                // GPU-f2
                double u2 = 40 + (t / 15_000 % 7) * 5;
                f2 += 200 * 15_000;
                gpu(s, om, "GPU-f2", "1", t, f2, 200, u2);
                boolean rebooted = t - 15_000 < reboot && t >= reboot;
                gpuNode.pass(t, t > start, rebooted, s, om);
                cpuNode.pass(t, t > start, false, s, om);
                memory(s, om, HOST, t, 512.0 * (1L << 30));
                memory(s, om, CPU_HOST, t, 256.0 * (1L << 30));
                pkg = (pkg + 150 * 15) % RAPL_WRAP_JOULES;
                dram += 20 * 15;
                String rapl = "{index=\"0\",instance=\"" + HOST
                        + "\",job=\"node\",path=\"/sys/class/powercap/intel-rapl:0\"}";
                om.add(PrometheusUsageSource.NODE_RAPL_PACKAGE, rapl, t, pkg);
                om.add(PrometheusUsageSource.NODE_RAPL_DRAM, rapl, t, dram);
                s.add(new Sample(
                        SeriesId.counter(HistoryUsageSource.HOST_RAPL, Unit.JOULES, host.with("domain", "package")),
                        t,
                        pkg));
                s.add(new Sample(
                        SeriesId.counter(HistoryUsageSource.HOST_RAPL, Unit.JOULES, host.with("domain", "dram")),
                        t,
                        dram));
                store.append(Snapshot.of("fleet-test", t, s));
            }
            store.flush().get();
        }
        om.write(openMetrics);
    }

    /** A node_exporter host's CPU counters and, in the local history, the ratios Gridscope's collector stores. */
    private static final class NodeCpus {
        private static final String[] MODES = {"user", "system", "iowait", "idle"};
        private final String host;
        private final double[][] seconds;

        NodeCpus(String host, int cpus) {
            this.host = host;
            this.seconds = new double[cpus][MODES.length];
        }

        /**
         * One 15 s pass: each CPU busy 1/8 to 6/8 (halved on odd CPUs; user 3/4 of it, system 1/4), iowait 1/8 of
         * the rest, idle the remainder, all dyadic so both sides add them exactly. After a reboot every counter
         * holds this pass alone.
         */
        void pass(long t, boolean ratios, boolean rebooted, List<Sample> s, OpenMetricsText om) {
            Labels labels = Labels.of("host", host);
            double busy = 0;
            double all = 0;
            for (int c = 0; c < seconds.length; c++) {
                double b = (1 + (t / 60_000) % 6) / 8.0 / (c % 2 == 0 ? 1 : 2);
                double[] inc = {15 * b * 0.75, 15 * b * 0.25, 15 * (1 - b) * 0.125, 0};
                inc[3] = 15 - inc[0] - inc[1] - inc[2];
                double busyC = 0;
                double allC = 0;
                for (int m = 0; m < MODES.length; m++) {
                    double before = seconds[c][m];
                    seconds[c][m] = rebooted ? inc[m] : before + inc[m];
                    om.add(
                            PrometheusUsageSource.NODE_CPU,
                            "{cpu=\"" + c + "\",instance=\"" + host + "\",job=\"node\",mode=\"" + MODES[m] + "\"}",
                            t,
                            seconds[c][m]);
                    double d = Counters.increase(before, seconds[c][m]);
                    allC += d;
                    busyC += m < 2 ? d : 0;
                }
                busy += busyC;
                all += allC;
                if (ratios) {
                    s.add(new Sample(
                            SeriesId.gauge(
                                    HistoryUsageSource.HOST_CPU, Unit.RATIO, labels.with("cpu", Integer.toString(c))),
                            t,
                            busyC / allC));
                }
            }
            if (ratios) {
                s.add(new Sample(
                        SeriesId.gauge(HistoryUsageSource.HOST_CPU, Unit.RATIO, labels.with("cpu", "total")),
                        t,
                        busy / all));
            }
        }
    }

    private static void memory(List<Sample> s, OpenMetricsText om, String host, long t, double bytes) {
        s.add(new Sample(
                SeriesId.gauge(HistoryUsageSource.HOST_MEMORY_TOTAL, Unit.BYTES, Labels.of("host", host)), t, bytes));
        om.add(PrometheusUsageSource.NODE_MEMORY, "{instance=\"" + host + "\",job=\"node\"}", t, bytes);
    }

    private static void gpu(
            List<Sample> s, OpenMetricsText om, String uuid, String index, long t, double mj, double w, double pct) {
        Labels l = Labels.of("host", HOST, "gpu_uuid", uuid);
        s.add(new Sample(SeriesId.counter(HistoryUsageSource.GPU_ENERGY, Unit.JOULES, l), t, mj / 1000));
        s.add(new Sample(SeriesId.gauge(HistoryUsageSource.GPU_POWER, Unit.WATTS, l), t, w));
        s.add(new Sample(SeriesId.gauge(HistoryUsageSource.GPU_UTILIZATION, Unit.RATIO, l), t, pct / 100));
        s.add(new Sample(SeriesId.gauge(HistoryUsageSource.GPU_INFO, Unit.NONE, l.with("gpu_name", MODEL)), t, 1));
        String labels = "{Hostname=\"" + HOST + "\",UUID=\"" + uuid + "\",gpu=\"" + index
                + "\",instance=\"10.0.0.5:9400\"," + "job=\"dcgm\",modelName=\"" + MODEL + "\"}";
        om.add(PrometheusUsageSource.DCGM_ENERGY, labels, t, mj);
        om.add(PrometheusUsageSource.DCGM_POWER, labels, t, w);
        om.add(PrometheusUsageSource.DCGM_UTIL, labels, t, pct);
    }
}
