package io.gridscope.reports.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.document.ExportFormat;
import io.gridscope.reports.document.ExportOptions;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportExporter;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.ReportSpec;
import io.gridscope.reports.document.ReportingPeriod;
import io.gridscope.reports.focus.FocusExport;
import io.gridscope.reports.usage.EnergyMethod;
import io.gridscope.reports.usage.GpuRef;
import io.gridscope.reports.usage.GpuUsage;
import io.gridscope.reports.usage.HostUsage;
import io.gridscope.reports.usage.SlotGrid;
import io.gridscope.reports.usage.UsageSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The FOCUS export over a year of 64 GPUs on 8 hosts at hourly resolution (8,760 slots), from a synthetic
 * in-memory {@link UsageSource}: busy and idle stretches, gaps, energy counters in joules, three users sharing one
 * host's GPUs; sites with a time-of-use and a flat tariff, owned, cloud and fallback-priced GPUs, hosts measured
 * (RAPL) and modelled. Prints per run the rows, seconds, bytes and the heap: the peak of the heap pools (the sum of
 * their peaks, an upper bound) and the most the heap held after a collection (what was live).
 *
 * <pre>
 *   java -Xmx256m -cp … io.gridscope.reports.bench.FocusBench [hour|day|engine] [runs] [OUT.csv|-]
 *   java -Xmx256m -cp … io.gridscope.reports.bench.FocusBench [csv|xlsx|pdf|json|table] [runs] [OUT|-]
 * </pre>
 *
 * The document formats write the cost report of the same year grouped by GPU (a row per GPU and per host's CPU and
 * memory; by day: a row per day and group), built and written through {@link ReportExporter} as the command line
 * does.
 *
 * See {@code bench/report/focus.sh}.
 */
public final class FocusBench {
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-01-01T00:00:00Z");
    static final int HOSTS = 8;
    static final int GPUS_PER_HOST = 8;

    public static final String CONFIG = """
            currency = "EUR"
            timezone = "Europe/Berlin"
            idle_threshold = 0.05

            [[site]]
            id = "fra"
            name = "Frankfurt room 2"
            hosts = ["fra-*"]
            pue = 1.35
            intensity = 380

            [[site]]
            id = "ams"
            name = "Amsterdam"
            hosts = ["ams-*", "lab-*"]
            pue = 1.2
            intensity = 330

            [[site]]
            id = "aws-use1"
            hosts = ["cloud-*"]
            pue = 1.15
            intensity = 415

            [[electricity]]
            site = "fra"
            currency = "EUR"
            from = "2024-01-01"
            to = "2025-07-01"
            time_of_use = ["00:00-07:00=0.21", "07:00-22:00=0.34", "22:00-24:00=0.21"]

            [[electricity]]
            site = "fra"
            currency = "EUR"
            from = "2025-07-01"
            time_of_use = ["00:00-07:00=0.23", "07:00-22:00=0.36", "22:00-24:00=0.23"]

            [[electricity]]
            site = "ams"
            currency = "EUR"
            from = "2024-01-01"
            price_per_kwh = "0.25"

            [[hardware]]
            gpu_model = "NVIDIA H100 80GB HBM3"
            on_hosts = "fra-*"
            purchase_price = "28500"
            residual_value = "4000"
            support_per_year = "1200"
            currency = "EUR"
            purchase_date = "2024-03-01"
            lifetime_years = 4
            embodied_kgco2e = 150

            [[hardware]]
            gpu_model = "NVIDIA H100 80GB HBM3"
            on_hosts = "ams-*"
            purchase_price = "27000"
            currency = "EUR"
            purchase_date = "2024-09-01"
            lifetime_years = 4

            [[hardware]]
            host = "fra-*"
            purchase_price = "42000"
            currency = "EUR"
            purchase_date = "2024-03-01"
            lifetime_months = 60
            embodied_kgco2e = 1200

            [[hardware]]
            host = "ams-*"
            purchase_price = "40000"
            currency = "EUR"
            purchase_date = "2024-09-01"
            lifetime_months = 60

            [[cloud]]
            host = "cloud-07"
            price_per_hour = "32.77"
            currency = "USD"
            from = "2024-01-01"
            gpus = 8

            [[gpu_hour_default]]
            price_per_hour = "1.50"
            currency = "EUR"

            [[exchange_rate]]
            from_currency = "USD"
            to_currency = "EUR"
            rate = "0.9215"
            from = "2024-01-01"
            to = "2025-06-01"

            [[exchange_rate]]
            from_currency = "USD"
            to_currency = "EUR"
            rate = "0.8810"
            from = "2025-06-01"

            [[allocation]]
            host = "fra-*"
            team = "research"
            project = "llm-pretrain"

            [[allocation]]
            host = "ams-*"
            team = "platform"
            project = "inference"

            [[allocation]]
            host = "cloud-07"
            team = "vision"
            project = "detector"

            [[allocation]]
            host = "lab-08"
            team = "teaching"

            [[allocation]]
            user = "alice"
            team = "nlp"
            project = "assistant"

            [[allocation]]
            user = "bob"
            team = "vision"
            project = "detector"
            """;

    private FocusBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "HOUR";
        if (java.util.Set.of("CSV", "XLSX", "PDF", "JSON", "TABLE").contains(mode)) {
            document(
                    ExportFormat.valueOf(mode),
                    args.length > 1 ? Integer.parseInt(args[1]) : 1,
                    args.length > 2 ? args[2] : "-");
            return;
        }
        boolean engineOnly = mode.equals("ENGINE");
        FocusExport.Granularity g = engineOnly ? FocusExport.Granularity.HOUR : FocusExport.Granularity.valueOf(mode);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String target = args.length > 2 ? args[2] : "-";

        AccountingEngine engine = engine();
        FocusExport export = new FocusExport(engine, FocusExport.Options.defaults());
        ReportRequest request = new ReportRequest(FROM, TO, GroupBy.TEAM, Currency.getInstance("EUR"));
        HeapWatch heap = new HeapWatch();
        System.out.printf(
                "FocusBench: %d GPUs on %d hosts, %s to %s, 1-hour slots, %s rows, max heap %d MB, %d CPUs, %s%n",
                HOSTS * GPUS_PER_HOST,
                HOSTS,
                FROM,
                TO,
                g.name().toLowerCase(Locale.ROOT),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        for (int run = 1; run <= runs; run++) {
            System.gc();
            heap.reset();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            if (engineOnly) {
                long[] charges = {0};
                engine.report(request, p -> {}, c -> charges[0]++);
                System.out.printf(
                        Locale.ROOT,
                        "RESULT run %d: engine only, %d charges, %.2f s, CPU %.2f s; heap peak %.1f MB, max after GC"
                                + " %.1f MB%n",
                        run,
                        charges[0],
                        (System.nanoTime() - t0) / 1e9,
                        (processCpuNanos() - cpu0) / 1e9,
                        heap.peakMb(),
                        heap.maxAfterGcMb());
                continue;
            }
            FocusExport.Summary s;
            Counting counting = new Counting(
                    target.equals("-")
                            ? OutputStream.nullOutputStream()
                            : new BufferedOutputStream(Files.newOutputStream(Path.of(target)), 1 << 16));
            try (counting) {
                s = export.write(request, g, counting, p -> {});
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double threadCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT run %d: %d rows, %.2f s (CPU: the export's thread %.2f s, the process %.2f s), %d MB written%s; heap peak %.1f MB (sum of pool peaks),"
                            + " max after GC %.1f MB, %d GCs %d ms; EffectiveCost %s %s, IT energy %s kWh,"
                            + " operational %s kgCO2e%n",
                    run,
                    s.rows(),
                    seconds,
                    threadCpu,
                    cpu,
                    counting.bytes >> 20,
                    target.equals("-") ? " (discarded)" : " to " + target,
                    heap.peakMb(),
                    heap.maxAfterGcMb(),
                    heap.collections(),
                    heap.gcMillis(),
                    s.effectiveCost()
                            .setScale(2, java.math.RoundingMode.HALF_EVEN)
                            .toPlainString(),
                    s.currency().getCurrencyCode(),
                    s.itKwh().setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    s.operationalKgCo2e()
                            .setScale(1, java.math.RoundingMode.HALF_EVEN)
                            .toPlainString());
        }
    }

    /** The engine over the synthetic year, with {@link #CONFIG}. */
    static AccountingEngine engine() throws io.gridscope.reports.config.ConfigException {
        AccountingConfig config =
                AccountingFile.parse(CONFIG, Path.of("bench-accounting.toml"), Currency.getInstance("EUR"));
        return new AccountingEngine(
                config, new Synthetic(), IntensityLookup.FIXED_OR_WORLD, Clock.fixed(TO, ZoneOffset.UTC));
    }

    /** The cost report of the year grouped by GPU, built and written in {@code format}, {@code runs} times. */
    static void document(ExportFormat format, int runs, String target) throws Exception {
        AccountingEngine engine = engine();
        ReportExporter exporter =
                new ReportExporter(engine, java.util.Optional.empty(), Clock.fixed(TO, ZoneOffset.UTC));
        ReportSpec spec = new ReportSpec(
                ReportKind.COST,
                new ReportingPeriod(FROM, TO, "2025", "2025"),
                GroupBy.GPU,
                Currency.getInstance("EUR"));
        HeapWatch heap = new HeapWatch();
        System.out.printf(
                "FocusBench: the cost report of %d GPUs on %d hosts, %s to %s, by GPU, as %s; max heap %d MB, %d CPUs,"
                        + " %s%n",
                HOSTS * GPUS_PER_HOST,
                HOSTS,
                FROM,
                TO,
                format.id(),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        for (int run = 1; run <= runs; run++) {
            System.gc();
            heap.reset();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            ReportExporter.Result r;
            Counting counting = new Counting(
                    target.equals("-")
                            ? OutputStream.nullOutputStream()
                            : new BufferedOutputStream(Files.newOutputStream(Path.of(target)), 1 << 16));
            try (counting) {
                r = exporter.export(spec, format, ExportOptions.DEFAULT, counting, p -> {});
            }
            ReportDocument d = r.document().orElseThrow();
            long rows = d.tables().stream().mapToLong(t -> t.rows().size()).sum();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT run %d: %s, %d table rows (%d tables), %.2f s (CPU: the process %.2f s), %d KB written%s;"
                            + " heap peak %.1f MB (sum of pool peaks), max after GC %.1f MB, %d GCs %d ms; total cost"
                            + " %s EUR%n",
                    run,
                    format.id(),
                    rows,
                    d.tables().size(),
                    (System.nanoTime() - t0) / 1e9,
                    (processCpuNanos() - cpu0) / 1e9,
                    counting.bytes >> 10,
                    target.equals("-") ? " (discarded)" : " to " + target,
                    heap.peakMb(),
                    heap.maxAfterGcMb(),
                    heap.collections(),
                    heap.gcMillis(),
                    d.keyFigures().getFirst().value().plain());
        }
    }

    /** CPU time of the whole process (all threads: the export, the JIT compilers, the collector). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A year of hourly measurements, made up deterministically (seeded per GPU and host). */
    public static final class Synthetic implements UsageSource {
        final List<GpuRef> gpus = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();

        public Synthetic() {
            for (int h = 1; h <= HOSTS; h++) {
                String host = hostName(h);
                hosts.add(host);
                String model = h == 8 ? "NVIDIA A100-SXM4-80GB" : "NVIDIA H100 80GB HBM3";
                for (int i = 0; i < GPUS_PER_HOST; i++) {
                    SplittableRandom r = new SplittableRandom(h * 100L + i);
                    String uuid = String.format(
                            "GPU-%08x-%04x-%04x-%04x-%012x",
                            r.nextInt() & 0xffffffffL,
                            r.nextInt(0x10000),
                            r.nextInt(0x10000),
                            r.nextInt(0x10000),
                            r.nextLong() & 0xffffffffffffL);
                    gpus.add(new GpuRef(host, uuid, model));
                }
            }
        }

        static String hostName(int h) {
            return switch (h) {
                case 1, 2, 3, 4 -> "fra-0" + h;
                case 5, 6 -> "ams-0" + h;
                case 7 -> "cloud-07";
                default -> "lab-0" + h;
            };
        }

        @Override
        public String describe() {
            return "synthetic: " + gpus.size() + " GPUs on " + hosts.size() + " hosts, hourly";
        }

        @Override
        public SlotGrid grid(long fromMillis, long toMillis) {
            return new SlotGrid(fromMillis, toMillis, 3_600_000L);
        }

        @Override
        public List<GpuRef> gpus(SlotGrid grid) {
            return gpus;
        }

        @Override
        public List<String> hosts(SlotGrid grid) {
            return hosts;
        }

        /**
         * Busy stretches of 4–72 h at 55–98 % (250–700 W) and idle stretches of 1–30 h at 0–4 % (60–90 W); one
         * slot in 200 starts a gap of 1–3 h without readings. The GPUs of fra-01 are shared by alice, bob and carol
         * (each present in a busy hour with probability 0.8, 0.6, 0.4).
         */
        @Override
        public GpuUsage gpu(GpuRef gpu, SlotGrid grid) {
            int n = grid.size();
            SplittableRandom r = new SplittableRandom(gpu.uuid().hashCode());
            double[] joules = new double[n];
            double[] util = new double[n];
            boolean shared = gpu.host().equals("fra-01");
            double[][] sm = shared ? new double[3][n] : new double[0][];
            boolean busy = r.nextBoolean();
            int left = 0;
            double level = 0;
            for (int i = 0; i < n; i++) {
                if (left == 0) {
                    busy = !busy;
                    left = busy ? r.nextInt(4, 73) : r.nextInt(1, 31);
                    level = busy ? r.nextDouble(0.55, 0.98) : r.nextDouble(0, 0.04);
                }
                left--;
                if (r.nextInt(200) == 0) {
                    int gap = Math.min(n - i, r.nextInt(1, 4));
                    for (int k = 0; k < gap; k++, i++) {
                        joules[i] = Double.NaN;
                        util[i] = Double.NaN;
                        for (double[] s : sm) {
                            s[i] = Double.NaN;
                        }
                    }
                    i--;
                    continue;
                }
                double u = Math.clamp(level + r.nextDouble(-0.03, 0.03), 0, 1);
                util[i] = u;
                double watts = busy ? 250 + 450 * u : 60 + 30 * r.nextDouble();
                joules[i] = watts * grid.length(i) / 1000.0;
                for (int k = 0; k < sm.length; k++) {
                    sm[k][i] = busy && r.nextDouble() < 0.8 - 0.2 * k ? r.nextDouble(0.1, 0.6) : Double.NaN;
                }
            }
            List<GpuUsage.UserShare> users = new ArrayList<>();
            String[] names = {"alice", "bob", "carol"};
            for (int k = 0; k < sm.length; k++) {
                users.add(new GpuUsage.UserShare(names[k], "", sm[k]));
            }
            return new GpuUsage(gpu, EnergyMethod.COUNTER, joules, util, users);
        }

        /** fra-* and cloud-07: RAPL counters; the others: CPU utilisation, 128 cores, 1 TB. */
        @Override
        public HostUsage host(String host, SlotGrid grid) {
            int n = grid.size();
            SplittableRandom r = new SplittableRandom(host.hashCode());
            boolean rapl = host.startsWith("fra-") || host.startsWith("cloud-");
            double[] joules = rapl ? new double[n] : null;
            double[] cpu = new double[n];
            double[] memory = new double[n];
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble(0.05, 0.9);
                cpu[i] = u;
                memory[i] = 1.0e12;
                if (rapl) {
                    joules[i] = (180 + 420 * u) * grid.length(i) / 1000.0;
                }
            }
            return new HostUsage(host, joules, cpu, 128, memory);
        }
    }

    /** Heap use: the pools' peaks since {@link #reset}, and the most left after a collection. */
    static final class HeapWatch {
        final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        final AtomicLong maxAfterGc = new AtomicLong();
        final AtomicLong collections = new AtomicLong();
        final AtomicLong gcMillis = new AtomicLong();

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc)
                        .addNotificationListener(
                                (n, h) -> {
                                    if (!n.getType()
                                            .equals(
                                                    GarbageCollectionNotificationInfo
                                                            .GARBAGE_COLLECTION_NOTIFICATION)) {
                                        return;
                                    }
                                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                                    long used = 0;
                                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo()
                                            .getMemoryUsageAfterGc()
                                            .entrySet()) {
                                        if (pools.stream()
                                                .anyMatch(p -> p.getName().equals(e.getKey()))) {
                                            used += e.getValue().getUsed();
                                        }
                                    }
                                    maxAfterGc.accumulateAndGet(used, Math::max);
                                    collections.incrementAndGet();
                                    gcMillis.addAndGet(info.getGcInfo().getDuration());
                                },
                                null,
                                null);
            }
        }

        void reset() {
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            maxAfterGc.set(0);
            collections.set(0);
            gcMillis.set(0);
        }

        double peakMb() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
        }

        double maxAfterGcMb() {
            return maxAfterGc.get() / 1048576.0;
        }

        long collections() {
            return collections.get();
        }

        long gcMillis() {
            return gcMillis.get();
        }
    }

    /** Counts the bytes written through it. */
    static final class Counting extends OutputStream {
        final OutputStream out;
        long bytes;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
