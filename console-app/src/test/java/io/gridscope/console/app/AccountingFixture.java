package io.gridscope.console.app;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A history and an accounting file to account over, written the way the collectors and a user would: GPUs on two
 * hosts with the series the accounting reads ({@code gpu_energy_joules_total} counting joules, {@code
 * gpu_power_watts}, {@code gpu_utilization_ratio} 0..1, {@code gpu_info{gpu_name}}, labels {@code host} and {@code
 * gpu_uuid}), sampled once a minute, with a working-hours load and idle nights; each host's CPU utilisation and
 * memory ({@code host_cpu_utilization_ratio}, {@code host_memory_total_bytes}; the per-core series once an hour, which
 * gives the core count the host power model needs); and an {@code accounting.toml} with two sites, their prices,
 * allocation rules for two teams and a budget.
 */
public final class AccountingFixture {
    public static final String NODE_1 = "gpu-node-1";
    public static final String NODE_2 = "gpu-node-2";
    public static final String VISION = "vision";
    public static final String NLP = "nlp";

    /**
     * One GPU: where it is, what it is, who it belongs to, and its load.
     *
     * @param busyHours the hours of the day (UTC) it works, [from, to)
     * @param busyRatio its utilisation then (idle otherwise: 1 %)
     */
    public record Gpu(
            String host,
            String uuid,
            String model,
            double idleWatts,
            double peakWatts,
            int busyFromHour,
            int busyToHour,
            double busyRatio) {}

    public static final List<Gpu> GPUS = List.of(
            new Gpu(NODE_1, "GPU-11111111-0000-4000-8000-000000000001", "NVIDIA A100-SXM4-80GB", 55, 400, 8, 20, 0.85),
            new Gpu(NODE_1, "GPU-11111111-0000-4000-8000-000000000002", "NVIDIA A100-SXM4-80GB", 55, 400, 9, 17, 0.6),
            new Gpu(NODE_2, "GPU-22222222-0000-4000-8000-000000000001", "NVIDIA H100 80GB HBM3", 70, 700, 0, 24, 0.9),
            new Gpu(NODE_2, "GPU-22222222-0000-4000-8000-000000000002", "NVIDIA H100 80GB HBM3", 70, 700, 10, 14, 0.5));

    /** Logical cores of each host. */
    public static final int CORES = 8;

    private AccountingFixture() {}

    /** Midnight UTC {@code daysAgo} days before today. */
    public static Instant daysAgo(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC)
                .minusDays(daysAgo)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /**
     * Writes one sample a minute of every GPU's series from {@code from} to {@code to} into the history in {@code
     * dataDir} (created if missing), and closes it.
     */
    public static void writeHistory(Path dataDir, Instant from, Instant to, List<Gpu> gpus) throws Exception {
        Files.createDirectories(dataDir);
        HistoryOptions options =
                HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO).withMaxQueuedSamples(5_000_000);
        try (HistoryStore store = HistoryStore.open(dataDir, options)) {
            double[] joules = new double[gpus.size()];
            for (int g = 0; g < gpus.size(); g++) {
                joules[g] = 1_000_000.0 * (g + 1); // counted since the driver was loaded, long before
            }
            long step = 60_000;
            int n = 0;
            for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += step) {
                List<Sample> samples = new ArrayList<>();
                int hour = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).getHour();
                for (int g = 0; g < gpus.size(); g++) {
                    Gpu gpu = gpus.get(g);
                    Labels labels = Labels.of("host", gpu.host(), "gpu_uuid", gpu.uuid());
                    boolean busy = hour >= gpu.busyFromHour() && hour < gpu.busyToHour();
                    // a little wobble so the charts are not flat; deterministic
                    double util = busy ? Math.min(1, gpu.busyRatio() + 0.05 * Math.sin(t / 3_600_000.0 + g)) : 0.01;
                    double watts = gpu.idleWatts() + util * (gpu.peakWatts() - gpu.idleWatts());
                    joules[g] += watts * step / 1000.0;
                    samples.add(new Sample(
                            SeriesId.counter(HistoryUsageSource.GPU_ENERGY, Unit.JOULES, labels), t, joules[g]));
                    samples.add(new Sample(SeriesId.gauge(HistoryUsageSource.GPU_POWER, Unit.WATTS, labels), t, watts));
                    samples.add(new Sample(
                            SeriesId.gauge(HistoryUsageSource.GPU_UTILIZATION, Unit.RATIO, labels), t, util));
                    samples.add(new Sample(
                            SeriesId.gauge(
                                    HistoryUsageSource.GPU_INFO, Unit.NONE, labels.with("gpu_name", gpu.model())),
                            t,
                            1));
                }
                for (String host : gpus.stream().map(Gpu::host).distinct().toList()) {
                    Labels h = Labels.of("host", host);
                    double cpu = hour >= 8 && hour < 20 ? 0.35 : 0.05;
                    samples.add(new Sample(
                            SeriesId.gauge(HistoryUsageSource.HOST_CPU, Unit.RATIO, h.with("cpu", "total")), t, cpu));
                    samples.add(
                            new Sample(SeriesId.gauge(HistoryUsageSource.HOST_MEMORY_TOTAL, Unit.BYTES, h), t, 512e9));
                    if (t % 3_600_000 == 0) {
                        for (int c = 0; c < CORES; c++) {
                            samples.add(new Sample(
                                    SeriesId.gauge(
                                            HistoryUsageSource.HOST_CPU,
                                            Unit.RATIO,
                                            h.with("cpu", Integer.toString(c))),
                                    t,
                                    cpu));
                        }
                    }
                }
                store.append(Snapshot.of("fixture", t, samples));
                if (++n % 1440 == 0) {
                    store.flush().get(2, TimeUnit.MINUTES); // keeps the writer's queue short
                }
            }
            store.flush().get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * The accounting file: reports in EUR, days in UTC, idle under 5 % kept apart; two sites (Frankfurt with a fixed
     * intensity, Stockholm without one, so it falls back to the world average), a flat price each, the four GPUs'
     * hardware, an allocation rule per host (node 1 → vision, node 2 → nlp) and a monthly budget for nlp.
     */
    public static String accountingToml() {
        return """
                # Gridscope accounting (test fixture)
                currency = "EUR"
                timezone = "UTC"
                idle_threshold = 0.05
                share_idle = false

                [[site]]
                id = "fra"
                name = "Frankfurt DC"
                hosts = ["gpu-node-1"]
                pue = 1.4
                zone = "DE"
                intensity = 380

                [[site]]
                id = "sto"
                name = "Stockholm DC"
                hosts = ["gpu-node-2"]
                pue = 1.1

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2020-01-01"
                price_per_kwh = 0.30

                [[electricity]]
                site = "sto"
                currency = "EUR"
                from = "2020-01-01"
                price_per_kwh = 0.12

                [[hardware]]
                gpu_model = "NVIDIA A100-SXM4-80GB"
                purchase_price = 15000
                currency = "EUR"
                purchase_date = "2024-01-01"
                lifetime_years = 4

                [[hardware]]
                gpu_model = "NVIDIA H100 80GB HBM3"
                purchase_price = 30000
                currency = "EUR"
                purchase_date = "2025-01-01"
                lifetime_years = 4
                embodied_kgco2e = 200

                [[allocation]]
                host = "gpu-node-1"
                team = "vision"
                project = "detector"

                [[allocation]]
                host = "gpu-node-2"
                team = "nlp"
                project = "llm"

                [[budget]]
                team = "nlp"
                period = "month"
                amount = 2500
                currency = "EUR"
                """;
    }

    /** Writes {@code text} as the accounting file in {@code configDir}. */
    public static Path writeConfig(Path configDir, String text) throws Exception {
        Files.createDirectories(configDir);
        return Files.writeString(configDir.resolve("accounting.toml"), text, StandardCharsets.UTF_8);
    }
}
