package io.gridscope.console.demo;

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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fills a data directory with a history to account over, and a configuration directory with an accounting file, for
 * demonstrations and screenshots of the Cost and Carbon pages:
 *
 * <ul>
 *   <li>two hosts in two sites: {@code gpu-node-1} in Frankfurt (2 × A100, team vision), {@code gpu-node-2} in
 *       Stockholm (2 × H100, team nlp: one training, one serving);
 *   <li>a working-week load on one A100, experiments twice a week on the other (long idle stretches), a training run
 *       of about two weeks on one H100 (with a six-hour gap in its readings: the collector was down), an inference
 *       day-and-evening load on the other;
 *   <li>each host's CPU utilisation and memory, so its own energy is estimated by the host power model;
 *   <li>prices in EUR and SEK (with an exchange rate), hardware with its purchase price, allocation rules and a
 *       monthly budget per team.
 * </ul>
 *
 * One sample a minute, deterministic (seeded). Usage: {@code AccountingDemoData DATA_DIR CONFIG_DIR [DAYS]}: from the
 * start of this month (Europe/Berlin) or DAYS days ago (default 14), whichever is earlier, to now.
 */
public final class AccountingDemoData {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final String A100 = "NVIDIA A100-SXM4-80GB";
    static final String H100 = "NVIDIA H100 80GB HBM3";

    private record Gpu(String host, String uuid, String model, double idleWatts, double peakWatts) {}

    private static final List<Gpu> GPUS = List.of(
            new Gpu("gpu-node-1", "GPU-3f1c9a02-7d41-4c1e-9b55-0a1e2c7d4e11", A100, 52, 400),
            new Gpu("gpu-node-1", "GPU-8b27e5d4-1a90-4f3b-a6c2-5d9e8f0b1c22", A100, 50, 400),
            new Gpu("gpu-node-2", "GPU-c4e9b813-6f2a-4d57-8e01-3b7a9c5d2f33", H100, 72, 700),
            new Gpu("gpu-node-2", "GPU-e71d0a6b-9c34-4b82-b3f9-6c0d1e2a5b44", H100, 70, 700));

    private AccountingDemoData() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AccountingDemoData DATA_DIR CONFIG_DIR [DAYS]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        Path configDir = Path.of(args[1]);
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 14;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime monthStart =
                now.atZone(ZONE).toLocalDate().withDayOfMonth(1).atStartOfDay(ZONE);
        Instant from = monthStart.toInstant();
        Instant daysAgo = now.atZone(ZONE)
                .toLocalDate()
                .minusDays(days)
                .atStartOfDay(ZONE)
                .toInstant();
        if (daysAgo.isBefore(from)) {
            from = daysAgo;
        }
        long t0 = System.nanoTime();
        long samples = writeHistory(dataDir, from, now);
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("accounting.toml"), accountingToml(), StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "wrote %,d samples (%s to %s, 4 GPUs on 2 hosts) into %s and %s in %.1f s%n",
                samples,
                from,
                now,
                dataDir.resolve(HistoryStore.FILE_NAME),
                configDir.resolve("accounting.toml"),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Utilisation of GPU {@code g} at {@code t} (0..1), or NaN while it had no reading. */
    static double utilisation(int g, ZonedDateTime t, Instant from, SplittableRandom r) {
        int hour = t.getHour();
        boolean weekday = t.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
        long day = Duration.between(from, t.toInstant()).toDays();
        double wobble = 0.04 * r.nextGaussian();
        return switch (g) {
            // vision's workhorse: the working week, 08–19
            case 0 -> weekday && hour >= 8 && hour < 19 ? clamp(0.78 + 0.1 * Math.sin(hour) + wobble) : 0.01;
            // vision's experiments: Tuesdays and Thursdays, 10–16; idle otherwise
            case 1 ->
                (t.getDayOfWeek() == DayOfWeek.TUESDAY || t.getDayOfWeek() == DayOfWeek.THURSDAY)
                                && hour >= 10
                                && hour < 16
                        ? clamp(0.6 + wobble)
                        : 0.0;
            // nlp's training run: day 1 to day 16, day and night; the collector was down six hours on day 8
            case 2 -> {
                if (day == 8 && hour >= 2 && hour < 8) {
                    yield Double.NaN;
                }
                yield day >= 1 && day < 16 ? clamp(0.94 + wobble / 2) : 0.02;
            }
            // nlp's inference: 07–23 with the day's traffic, quiet at night
            default ->
                hour >= 7 && hour < 23 ? clamp(0.35 + 0.3 * Math.sin(Math.PI * (hour - 7) / 16.0) + wobble) : 0.03;
        };
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static long writeHistory(Path dataDir, Instant from, Instant to) throws Exception {
        Files.createDirectories(dataDir);
        HistoryOptions options =
                HistoryOptions.defaults().withMaintenanceInterval(Duration.ZERO).withMaxQueuedSamples(5_000_000);
        SplittableRandom random = new SplittableRandom(42);
        long count = 0;
        try (HistoryStore store = HistoryStore.open(dataDir, options)) {
            double[] joules = {4.2e8, 3.9e8, 9.1e8, 8.7e8}; // counted since each driver was loaded
            long step = 60_000;
            int n = 0;
            for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += step) {
                ZonedDateTime local = Instant.ofEpochMilli(t).atZone(ZONE);
                List<Sample> samples = new ArrayList<>();
                for (int g = 0; g < GPUS.size(); g++) {
                    Gpu gpu = GPUS.get(g);
                    double util = utilisation(g, local, from, random);
                    if (Double.isNaN(util)) {
                        continue; // no reading: a gap, not a zero
                    }
                    Labels labels =
                            Labels.of("host", gpu.host(), "gpu_uuid", gpu.uuid(), "gpu_index", Integer.toString(g % 2));
                    double watts =
                            gpu.idleWatts() + util * (gpu.peakWatts() - gpu.idleWatts()) + 3 * random.nextGaussian();
                    joules[g] += watts * step / 1000.0;
                    samples.add(new Sample(
                            SeriesId.counter(HistoryUsageSource.GPU_ENERGY, Unit.JOULES, labels),
                            t,
                            Math.round(joules[g])));
                    samples.add(new Sample(
                            SeriesId.gauge(HistoryUsageSource.GPU_POWER, Unit.WATTS, labels),
                            t,
                            Math.round(watts * 10) / 10.0));
                    samples.add(new Sample(
                            SeriesId.gauge(HistoryUsageSource.GPU_UTILIZATION, Unit.RATIO, labels),
                            t,
                            Math.round(util * 100) / 100.0));
                    samples.add(new Sample(
                            SeriesId.gauge(
                                    HistoryUsageSource.GPU_INFO, Unit.NONE, labels.with("gpu_name", gpu.model())),
                            t,
                            1));
                }
                for (String host : List.of("gpu-node-1", "gpu-node-2")) {
                    Labels h = Labels.of("host", host);
                    double cpu = clamp((local.getHour() >= 8 && local.getHour() < 20 ? 0.32 : 0.08)
                            + 0.03 * random.nextGaussian());
                    samples.add(new Sample(
                            SeriesId.gauge(HistoryUsageSource.HOST_CPU, Unit.RATIO, h.with("cpu", "total")),
                            t,
                            Math.round(cpu * 1000) / 1000.0));
                    samples.add(
                            new Sample(SeriesId.gauge(HistoryUsageSource.HOST_MEMORY_TOTAL, Unit.BYTES, h), t, 1024e9));
                    if (t % 3_600_000 == 0) {
                        for (int c = 0; c < 64; c++) {
                            samples.add(new Sample(
                                    SeriesId.gauge(
                                            HistoryUsageSource.HOST_CPU,
                                            Unit.RATIO,
                                            h.with("cpu", Integer.toString(c))),
                                    t,
                                    Math.round(cpu * 1000) / 1000.0));
                        }
                    }
                }
                count += samples.size();
                store.append(Snapshot.of("demo", t, samples));
                if (++n % 1440 == 0) {
                    store.flush().get(5, TimeUnit.MINUTES);
                }
            }
            store.flush().get(5, TimeUnit.MINUTES);
        }
        return count;
    }

    static String accountingToml() {
        return """
                # Gridscope accounting: what the Cost and Carbon pages compute with.
                currency = "EUR"
                timezone = "Europe/Berlin"
                idle_threshold = 0.05
                share_idle = false

                [[site]]
                id = "fra"
                name = "Frankfurt colocation"
                hosts = ["gpu-node-1"]
                pue = 1.35
                zone = "DE"
                intensity = 380

                [[site]]
                id = "sto"
                name = "Stockholm DC"
                hosts = ["gpu-node-2"]
                pue = 1.12
                zone = "SE3"
                intensity = 41

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2025-01-01"
                price_per_kwh = 0.28

                [[electricity]]
                site = "sto"
                currency = "SEK"
                from = "2025-01-01"
                price_per_kwh = 1.05

                [[exchange_rate]]
                from_currency = "SEK"
                to_currency = "EUR"
                rate = 0.087
                from = "2025-01-01"

                [[hardware]]
                gpu_model = "NVIDIA A100-SXM4-80GB"
                purchase_price = 14500
                currency = "EUR"
                purchase_date = "2024-03-01"
                lifetime_years = 4
                residual_value = 1500

                [[hardware]]
                gpu_model = "NVIDIA H100 80GB HBM3"
                purchase_price = 31000
                currency = "EUR"
                purchase_date = "2025-02-01"
                lifetime_years = 4
                support_per_year = 1200
                embodied_kgco2e = 180

                [[allocation]]
                host = "gpu-node-1"
                team = "vision"
                project = "defect-detection"

                [[allocation]]
                gpu = "GPU-e71d0a6b-9c34-4b82-b3f9-6c0d1e2a5b44"
                team = "nlp"
                project = "chat-inference"

                [[allocation]]
                host = "gpu-node-2"
                team = "nlp"
                project = "llm-pretrain"

                [[budget]]
                team = "nlp"
                period = "month"
                amount = 1300
                currency = "EUR"

                [[budget]]
                team = "vision"
                period = "month"
                amount = 900
                currency = "EUR"
                """;
    }
}
