package io.gridscope.console.app.fleet;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.collectors.prometheus.query.QueryData;
import io.gridscope.collectors.prometheus.query.QueryResponse;
import io.gridscope.console.app.fleet.FleetPromql.Counter;
import io.gridscope.console.app.fleet.FleetPromql.Window;
import io.gridscope.model.DurationText;
import io.gridscope.reports.usage.EnergyMethod;
import io.gridscope.reports.usage.GpuRef;
import io.gridscope.reports.usage.GpuUsage;
import io.gridscope.reports.usage.HostUsage;
import io.gridscope.reports.usage.SlotGrid;
import io.gridscope.reports.usage.UsageException;
import io.gridscope.reports.usage.UsageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage of the hosts and GPUs of a Prometheus <b>server</b> (dcgm-exporter and node_exporter series), computed by the
 * server itself: every figure is a PromQL range query with step = the slot, so the history stays on the server and
 * only one value per slot and resource travels. Nothing is written to the local history.
 *
 * <h2>What is read</h2>
 *
 * <ul>
 *   <li>GPUs: {@code DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION} (mJ counter, ÷ 1000 per reading = joules, as the local
 *       history stores it), {@code DCGM_FI_DEV_GPU_UTIL} (percent, ÷ 100) and {@code DCGM_FI_DEV_POWER_USAGE} (W,
 *       for energy only where a GPU has no energy counter). A GPU is {@code Hostname} + {@code UUID} (its host is
 *       {@code Hostname}, as in {@code RemoteSeries}); its model is {@code modelName}. MIG instance series ({@code
 *       GPU_I_ID} set) are left out; DCGM blank sentinels (energy ≥ 9.2e18, gauges ≥ 2147483632) are no value.
 *   <li>Hosts: node_exporter's {@code instance}: CPU utilisation = increase of {@code node_cpu_seconds_total}
 *       outside {@code idle|iowait} ÷ increase of all its modes over the slot; logical cores = distinct {@code cpu}
 *       values (the most seen at any slot's end); memory = mean {@code node_memory_MemTotal_bytes}; RAPL = the
 *       increases of {@code node_rapl_package_joules_total} + {@code node_rapl_dram_joules_total}. A dcgm-exporter
 *       {@code Hostname} and a node_exporter {@code instance} are different hosts unless their values are equal.
 * </ul>
 *
 * <h2>Counter increases, by Gridscope's rule</h2>
 *
 * {@code increase()} extrapolates to the window's edges and measures only from the first reading inside it, so it
 * does not give what {@link io.gridscope.model.Counters} defines: per slot {@code [s, e)}, the sum over the readings
 * in the slot of the rise from the reading before (the last one before {@code s} for the first), or the reading
 * itself after a drop. Each slot is evaluated at {@code T = e + shift} (range queries step at multiples of the slot,
 * {@code shift} aligns them to the grid; all offsets below are in milliseconds, and readings have millisecond
 * timestamps). With {@code a = shift + 1ms}, {@code b = shift + slot + 1ms} and {@code W} the slot's range ({@code
 * slot − 1ms} on Prometheus 2, whose range selectors include both edges; {@code slot} on left-open servers, probed
 * once with {@code count_over_time(vector(1)[2s:1s])}):
 *
 * <ol>
 *   <li>Phase one, every slot, one range query per host (hosts read concurrently): per series
 *       <pre>  (x offset a − x offset b) + 0 * (resets(x[W] offset a) == 0)
 *                           + 0 * (min_over_time(x[W] offset a) &gt;= x offset b)
 *  or resets(x[W] offset a) * 0 − 1e18</pre>
 *       summed per resource. The first line is the slot's increase where nothing dropped from the base through the
 *       slot: {@code x offset a} is the last reading before {@code e}, {@code x offset b} the base, and a drop shows
 *       either inside the slot ({@code resets}) or as a slot minimum below the base; it is present only where the
 *       slot has readings (any range function is). The second line marks a series that has readings but no such
 *       difference, so the sum goes negative. Absent: no reading (NaN, a gap, never a zero); at least 0: the
 *       increase; negative: phase two.
 *   <li>Phase two, only the other slots (a drop, a series' first reading, a base the server does not return): the
 *       same range query, limited to runs of those slots, of
 *       <pre>  sum_over_time((((x offset a' − x offset (a' + R)) &gt;= 0) or (x offset a' &lt; x offset (a' + R)))
 *                  [slot − R : R] offset (shift − subShift))</pre>
 *       with {@code R = 100ms} and {@code a' = subShift + 1ms} (so subquery steps split the slot into {@code R}-long
 *       pieces): each piece adds the rise into its reading, or the reading itself after a drop. An absent result
 *       where the slot has readings is 0 (the series' first reading has no increase).
 * </ol>
 *
 * Gauges are pooled means over the slot, as the local history's: {@code sum_over_time(g[W] offset a)} and {@code
 * count_over_time(g[W] offset a)} summed per resource. Power is read only for GPUs without an energy counter. A last
 * slot shorter than the step is read with an instant query of the same expressions.
 *
 * <p><b>Limits.</b> Exact while no two readings of one series lie within 100 ms of each other (Gridscope collects at
 * 200 ms or more, Prometheus scrapes at seconds). The base of a slot's first increase is what the server returns for
 * the instant before the slot, within its lookback delta (5 minutes by default) and before any staleness marker:
 * after a longer silence, or when a series changes its labels, the first reading has no increase, where the local
 * history measures from its last stored reading however old. Per-user SM shares do not exist in these exporters, so
 * GPU time goes to its owner.
 *
 * <p><b>Bounds.</b> Each request is bounded by the client's own timeout and response-size limit; a range query asks
 * for at most 10,000 points per series (Prometheus refuses more than 11,000) and fewer when many series would exceed
 * half the response limit, so long periods are read in pages. At most {@value #PARALLEL_REQUESTS} requests are in
 * flight at once (the next hosts are read ahead while the engine prices one), and at most {@value
 * #PREFETCH_HOSTS} hosts' slots are held in memory. A report's reads (from {@link #grid} on) stop with a {@link
 * UsageException} once {@code timeout} has passed; more than {@value #MAX_EXACT_REQUESTS} phase-two requests are
 * refused before any is sent.
 *
 * <p>Not thread-safe: one report at a time (each {@link #grid} call starts a new one and drops what the previous
 * one read).
 */
public final class PrometheusUsageSource implements UsageSource, AutoCloseable {
    /** The slot of periods up to {@link #MINUTE_STEP_UP_TO}: the local history's 1-minute rollups. */
    public static final Duration MINUTE_STEP = Duration.ofMinutes(1);
    /** Longer periods are read in 1-hour slots. */
    public static final Duration MINUTE_STEP_UP_TO = Duration.ofDays(92);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** The exporters' series this source reads. */
    public static final String DCGM_ENERGY = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";

    public static final String DCGM_UTIL = "DCGM_FI_DEV_GPU_UTIL";
    public static final String DCGM_POWER = "DCGM_FI_DEV_POWER_USAGE";
    public static final String NODE_CPU = "node_cpu_seconds_total";
    public static final String NODE_MEMORY = "node_memory_MemTotal_bytes";
    public static final String NODE_RAPL_PACKAGE = "node_rapl_package_joules_total";
    public static final String NODE_RAPL_DRAM = "node_rapl_dram_joules_total";

    static final long RESOLUTION_MILLIS = 100;
    static final int MAX_POINTS_PER_SERIES = 10_000;
    static final int MAX_EXACT_REQUESTS = 2_000;
    static final int PARALLEL_REQUESTS = 4;
    static final int PREFETCH_HOSTS = 4;
    /** Points a phase-two request's subquery may hold (Prometheus refuses queries over 50 million by default). */
    static final long MAX_SUBQUERY_POINTS = 20_000_000;
    /** Runs of phase-two slots closer than this are read together (one request instead of several). */
    static final int MERGE_GAP_SLOTS = 30;
    /** Bytes a series' point takes in a response, about: {@code [1767225600.000,"123456.789"],}. */
    private static final int BYTES_PER_POINT = 40;

    private static final OptionalDouble ENERGY_BLANK = OptionalDouble.of(9.2e18);
    private static final OptionalDouble GAUGE_BLANK = OptionalDouble.of(2147483632);
    private static final List<String> GPU = List.of("Hostname", "UUID");
    private static final List<String> HOST = List.of("instance");

    private static final Logger log = LoggerFactory.getLogger(PrometheusUsageSource.class);

    private final PromQueryClient client;
    private final Duration timeout;
    private final boolean ownsClient;
    private final LongSupplier nanoTime;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(PARALLEL_REQUESTS);

    private volatile Boolean closedRanges;
    private SlotGrid grid;
    private volatile long deadlineNanos;
    private final AtomicInteger exactRequests = new AtomicInteger();
    private Discovery discovery;
    /** Hosts read or being read, in the order the engine asks for them; a host leaves once all its GPUs were given. */
    private final Map<String, Future<Map<String, GpuData>>> gpuReads = new HashMap<>();
    /** Per host, its GPUs the engine has not asked for yet. */
    private final Map<String, Integer> gpusLeft = new HashMap<>();

    private final Map<String, Future<HostUsage>> hostReads = new HashMap<>();

    /**
     * @param client the server's query client (its timeout and response limit bound each request); not closed here
     * @param timeout how long one report's reads may take in all
     */
    public PrometheusUsageSource(PromQueryClient client, Duration timeout) {
        this(client, timeout, false, System::nanoTime);
    }

    PrometheusUsageSource(PromQueryClient client, Duration timeout, boolean ownsClient, LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client);
        this.timeout = Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.ownsClient = ownsClient;
        this.nanoTime = nanoTime;
    }

    /** A source that closes {@code client} when it is closed. */
    static PrometheusUsageSource owning(PromQueryClient client, Duration timeout) {
        return new PrometheusUsageSource(client, timeout, true, System::nanoTime);
    }

    @Override
    public String describe() {
        return "Prometheus server " + client.source().id() + " ("
                + client.source().baseUrl()
                + "), figures computed by the server with PromQL: counter increases by Gridscope's rule, pooled means";
    }

    @Override
    public SlotGrid grid(long fromMillis, long toMillis) {
        long step = toMillis - fromMillis <= MINUTE_STEP_UP_TO.toMillis()
                ? MINUTE_STEP.toMillis()
                : Duration.ofHours(1).toMillis();
        forget();
        grid = new SlotGrid(fromMillis, toMillis, step);
        deadlineNanos = nanoTime.getAsLong() + timeout.toNanos();
        exactRequests.set(0);
        return grid;
    }

    @Override
    public List<GpuRef> gpus(SlotGrid grid) {
        return discovery(grid).gpus();
    }

    /** The node_exporter instances with CPU or RAPL readings in the period (the GPUs' hosts are the caller's). */
    @Override
    public List<String> hosts(SlotGrid grid) {
        return discovery(grid).nodeHosts();
    }

    @Override
    public GpuUsage gpu(GpuRef gpu, SlotGrid grid) {
        Discovery d = discovery(grid);
        List<String> order = d.gpus().stream().map(GpuRef::host).distinct().toList();
        readAhead(
                gpuReads,
                order,
                gpu.host(),
                h -> readGpus(h, grid, d.gpusPerHost().getOrDefault(h, 1)));
        Future<Map<String, GpuData>> read = gpuReads.get(gpu.host());
        GpuData data = read == null ? null : get(read).get(gpu.uuid());
        if (read != null && gpusLeft.merge(gpu.host(), -1, Integer::sum) <= 0) {
            gpuReads.remove(gpu.host());
        }
        if (data == null) {
            return new GpuUsage(gpu, EnergyMethod.NONE, nans(grid), nans(grid), List.of());
        }
        double[] joules = data.energyJoules();
        EnergyMethod method = EnergyMethod.COUNTER;
        if (joules == null) {
            double[] watts = data.powerWatts();
            if (Arrays.stream(watts).allMatch(Double::isNaN)) {
                method = EnergyMethod.NONE;
                joules = nans(grid);
            } else {
                method = EnergyMethod.POWER_INTEGRATED;
                joules = new double[grid.size()];
                for (int i = 0; i < joules.length; i++) {
                    joules[i] = watts[i] * grid.length(i) / 1000.0;
                }
            }
        }
        return new GpuUsage(gpu, method, joules, data.utilizationRatio(), List.of());
    }

    @Override
    public HostUsage host(String host, SlotGrid grid) {
        Discovery d = discovery(grid);
        if (!d.nodeHosts().contains(host)) {
            return new HostUsage(host, null, nans(grid), 0, nans(grid));
        }
        readAhead(hostReads, d.nodeHosts(), host, h -> readHost(h, grid));
        HostUsage usage = get(hostReads.get(host));
        hostReads.remove(host);
        return usage;
    }

    /** Stops what is being read and closes the client when this source was made with it (see {@link FleetSources}). */
    @Override
    public void close() {
        forget();
        executor.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private record Discovery(List<GpuRef> gpus, List<String> nodeHosts, Map<String, Integer> gpusPerHost) {}

    /** What one GPU's slots hold: energy by the counter (null without one), utilisation, power. */
    private record GpuData(double[] energyJoules, double[] utilizationRatio, double[] powerWatts) {}

    private void forget() {
        gpuReads.values().forEach(f -> f.cancel(true));
        hostReads.values().forEach(f -> f.cancel(true));
        gpuReads.clear();
        hostReads.clear();
        gpusLeft.clear();
        discovery = null;
    }

    /**
     * Starts reading {@code host} and the hosts after it in {@code order} (as the engine asks for them), so that at
     * most {@link #PREFETCH_HOSTS} are read or held at a time.
     */
    private <T> void readAhead(
            Map<String, Future<T>> reads, List<String> order, String host, Function<String, T> read) {
        if (reads.containsKey(host)) {
            return;
        }
        int from = Math.max(0, order.indexOf(host));
        List<String> next = new ArrayList<>();
        next.add(host);
        for (int i = from + 1; i < order.size() && reads.size() + next.size() < PREFETCH_HOSTS; i++) {
            if (!reads.containsKey(order.get(i))) {
                next.add(order.get(i));
            }
        }
        for (String h : next) {
            reads.put(h, executor.submit(() -> read.apply(h)));
        }
    }

    private static Counter counter(
            String tag, String selector, String perReading, OptionalDouble blank, List<String> by) {
        return new Counter(tag, selector, perReading, blank, by);
    }

    private void require(SlotGrid g) {
        if (!g.equals(grid)) {
            throw new IllegalArgumentException("a grid this source did not make: " + g + " (ask grid() first)");
        }
    }

    /** The GPUs and node_exporter hosts with readings in the period, in coarse slots (at most about 1,000). */
    private Discovery discovery(SlotGrid g) {
        require(g);
        if (discovery != null) {
            return discovery;
        }
        long coarse = g.stepMillis() * Math.max(1, Math.ceilDiv(g.size(), 1000));
        SlotGrid c = new SlotGrid(g.fromMillis(), g.toMillis(), coarse);
        String gpuSel = "{Hostname!=\"\",UUID!=\"\",GPU_I_ID=\"\"}";
        List<String> gpuSelectors = List.of(DCGM_ENERGY + gpuSel, DCGM_POWER + gpuSel, DCGM_UTIL + gpuSel);
        List<String> hostSelectors = List.of(
                NODE_CPU + "{mode=\"idle\",instance!=\"\"}",
                NODE_RAPL_PACKAGE + "{instance!=\"\"}",
                NODE_RAPL_DRAM + "{instance!=\"\"}");
        Table t = evaluate(
                "finding GPUs and hosts",
                c,
                all(c),
                w -> FleetPromql.tagged(
                                FleetPromql.presentGroups(gpuSelectors, List.of("Hostname", "UUID", "modelName"), w),
                                "gpus")
                        + " or "
                        + FleetPromql.tagged(FleetPromql.presentGroups(hostSelectors, HOST, w), "hosts"),
                1_000,
                false);
        Map<String, GpuRef> gpus = new TreeMap<>();
        for (Map<String, String> l : t.groups("gpus")) {
            String host = l.getOrDefault("Hostname", "");
            String uuid = l.getOrDefault("UUID", "");
            String model = l.getOrDefault("modelName", "");
            gpus.merge(
                    host + "\u0000" + uuid,
                    new GpuRef(host, uuid, model),
                    (x, y) -> x.model().isEmpty() ? y : x);
        }
        TreeSet<String> hosts = new TreeSet<>();
        for (Map<String, String> l : t.groups("hosts")) {
            hosts.add(l.getOrDefault("instance", ""));
        }
        Map<String, Integer> perHost = new HashMap<>();
        gpus.values().forEach(x -> perHost.merge(x.host(), 1, Integer::sum));
        discovery = new Discovery(List.copyOf(gpus.values()), List.copyOf(hosts), Map.copyOf(perHost));
        gpusLeft.putAll(perHost);
        return discovery;
    }

    /**
     * Every GPU of one host ({@code Hostname}): energy and utilisation in one range query (plus phase two where
     * needed), power only for GPUs without an energy counter.
     */
    private Map<String, GpuData> readGpus(String host, SlotGrid g, int gpusOnHost) {
        String[] m = {"Hostname", "=", host, "UUID", "!=", "", "GPU_I_ID", "=", ""};
        Counter energy = counter("energy", FleetPromql.selector(DCGM_ENERGY, m), " / 1000", ENERGY_BLANK, GPU);
        String util = FleetPromql.selector(DCGM_UTIL, m);
        String purpose = "GPUs of " + host;
        Table t = evaluate(
                purpose,
                g,
                all(g),
                w -> energy.phaseOne(w) + " or " + FleetPromql.gaugeParts("util", util, GAUGE_BLANK, GPU, w),
                gpusOnHost * 3,
                false);
        Map<Map<String, String>, double[]> joules = increases(purpose, g, energy, t, gpusOnHost);
        TreeSet<String> uuids = new TreeSet<>();
        t.groups("util.c").forEach(l -> uuids.add(l.getOrDefault("UUID", "")));
        joules.keySet().forEach(l -> uuids.add(l.getOrDefault("UUID", "")));
        Table power = null;
        if (gpusOnHost > joules.size()) {
            power = evaluate(
                    purpose + " (power, for GPUs without an energy counter)",
                    g,
                    all(g),
                    w -> FleetPromql.gaugeParts("power", FleetPromql.selector(DCGM_POWER, m), GAUGE_BLANK, GPU, w),
                    gpusOnHost * 2,
                    false);
            power.groups("power.c").forEach(l -> uuids.add(l.getOrDefault("UUID", "")));
        }
        Map<String, GpuData> out = new LinkedHashMap<>();
        for (String uuid : uuids) {
            Map<String, String> key = Map.of("Hostname", host, "UUID", uuid);
            out.put(
                    uuid,
                    new GpuData(
                            joules.get(key),
                            t.mean("util", key, g, 100),
                            power == null ? nans(g) : power.mean("power", key, g, 1)));
        }
        return out;
    }

    /** One node_exporter host: CPU seconds, RAPL, memory and cores in one range query (plus phase two). */
    private HostUsage readHost(String host, SlotGrid g) {
        Counter busy = counter(
                "cpu_busy",
                FleetPromql.selector(NODE_CPU, "instance", "=", host, "mode", "!~", "idle|iowait"),
                "",
                OptionalDouble.empty(),
                HOST);
        Counter all = counter(
                "cpu_all", FleetPromql.selector(NODE_CPU, "instance", "=", host), "", OptionalDouble.empty(), HOST);
        Counter pkg = counter(
                "rapl_package",
                FleetPromql.selector(NODE_RAPL_PACKAGE, "instance", "=", host),
                "",
                OptionalDouble.empty(),
                HOST);
        Counter dram = counter(
                "rapl_dram",
                FleetPromql.selector(NODE_RAPL_DRAM, "instance", "=", host),
                "",
                OptionalDouble.empty(),
                HOST);
        String memory = FleetPromql.selector(NODE_MEMORY, "instance", "=", host);
        String idle = FleetPromql.selector(NODE_CPU, "instance", "=", host, "mode", "=", "idle");
        String purpose = "host " + host;
        Table t = evaluate(
                purpose,
                g,
                all(g),
                w -> busy.phaseOne(w) + " or " + all.phaseOne(w) + " or " + pkg.phaseOne(w) + " or "
                        + dram.phaseOne(w) + " or "
                        + FleetPromql.gaugeParts("memory", memory, OptionalDouble.empty(), HOST, w) + " or "
                        + FleetPromql.distinctAtEnd("cores", idle, "cpu", HOST, w),
                7,
                false);
        Map<String, String> key = Map.of("instance", host);
        double[] busySeconds = increases(purpose, g, busy, t, 1).getOrDefault(key, nans(g));
        double[] allSeconds = increases(purpose, g, all, t, 1).getOrDefault(key, nans(g));
        Map<Map<String, String>, double[]> pkgJ = increases(purpose, g, pkg, t, 1);
        Map<Map<String, String>, double[]> dramJ = increases(purpose, g, dram, t, 1);
        double[] cpu = new double[g.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = allSeconds[i] > 0 ? busySeconds[i] / allSeconds[i] : Double.NaN;
        }
        double[] rapl = null;
        if (!pkgJ.isEmpty() || !dramJ.isEmpty()) {
            rapl = nans(g);
            for (double[] v : List.of(pkgJ.getOrDefault(key, nans(g)), dramJ.getOrDefault(key, nans(g)))) {
                for (int i = 0; i < rapl.length; i++) {
                    if (!Double.isNaN(v[i])) {
                        rapl[i] = (Double.isNaN(rapl[i]) ? 0 : rapl[i]) + v[i];
                    }
                }
            }
        }
        int cores = 0;
        for (double c : t.values("cores", key, g)) {
            if (!Double.isNaN(c)) {
                cores = Math.max(cores, (int) c);
            }
        }
        return new HostUsage(host, rapl, cpu, cores, t.mean("memory", key, g, 1));
    }

    /**
     * Per resource of a counter family, its increase in each slot by Gridscope's rule: phase one where it suffices,
     * phase two for the other slots. Resources without a reading in the period are absent.
     */
    private Map<Map<String, String>, double[]> increases(
            String purpose, SlotGrid g, Counter c, Table phaseOne, int resources) {
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
        Map<Map<String, String>, List<Integer>> pending = new LinkedHashMap<>();
        TreeSet<Integer> slots = new TreeSet<>();
        for (Map<String, String> key : phaseOne.groups(c.tag() + ".p")) {
            double[] p = phaseOne.values(c.tag() + ".p", key, g);
            double[] v = nans(g);
            for (int k = 0; k < v.length; k++) {
                if (p[k] >= 0) {
                    v[k] = p[k];
                } else if (p[k] < 0) {
                    pending.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
                    slots.add(k);
                }
            }
            out.put(key, v);
        }
        if (slots.isEmpty()) {
            return out;
        }
        Table x = evaluate(
                purpose + " (slots with a counter reset or a series start)", g, runs(slots), c::exact, resources, true);
        pending.forEach((key, ks) -> {
            double[] exact = x.values(c.tag() + ".x", key, g);
            double[] v = out.get(key);
            for (int k : ks) {
                v[k] = Double.isNaN(exact[k]) ? 0 : exact[k];
            }
        });
        return out;
    }

    /** Consecutive slots in runs {@code [first, last]}, runs closer than {@link #MERGE_GAP_SLOTS} merged. */
    static List<int[]> runs(TreeSet<Integer> slots) {
        List<int[]> runs = new ArrayList<>();
        for (int k : slots) {
            if (!runs.isEmpty() && k - runs.getLast()[1] <= MERGE_GAP_SLOTS) {
                runs.getLast()[1] = k;
            } else {
                runs.add(new int[] {k, k});
            }
        }
        return runs;
    }

    private static List<int[]> all(SlotGrid g) {
        List<int[]> r = new ArrayList<>();
        r.add(new int[] {0, g.size() - 1});
        return r;
    }

    /** One point of a response: the series' labels, the slot, the value. */
    private record Point(Map<String, String> metric, int slot, double value) {}

    /**
     * Evaluates {@code expr} for the slots of {@code runs}: full slots by range queries (paged), a last short slot by
     * an instant query; the requests run concurrently (at most {@link #PARALLEL_REQUESTS} in flight for the whole
     * source). {@code series} estimates the series in a response, to size the pages.
     */
    private Table evaluate(
            String purpose, SlotGrid g, List<int[]> runs, Function<Window, String> expr, int series, boolean phaseTwo) {
        boolean closed = closedRanges(g);
        int full = (int) ((g.toMillis() - g.fromMillis()) / g.stepMillis());
        Window w =
                Window.fullSlots(g.fromMillis(), g.stepMillis(), Math.min(RESOLUTION_MILLIS, g.stepMillis()), closed);
        long perSeries = client.source().maxResponseBytes() / 2 / ((long) Math.max(1, series) * BYTES_PER_POINT);
        if (phaseTwo) {
            // the subquery holds slot ÷ resolution points per step and series in the server's memory
            perSeries = Math.min(
                    perSeries,
                    MAX_SUBQUERY_POINTS / ((long) Math.max(1, series) * (g.stepMillis() / w.resolutionMillis())));
        }
        int page = (int) Math.clamp(perSeries, 1, MAX_POINTS_PER_SERIES);
        List<Callable<List<Point>>> requests = new ArrayList<>();
        for (int[] run : runs) {
            int last = Math.min(run[1], full - 1);
            for (int k0 = run[0]; k0 <= last; k0 += page) {
                int first = k0;
                int k1 = Math.min(last, k0 + page - 1);
                requests.add(() -> range(purpose, g, w, expr.apply(w), first, k1));
            }
            if (full < g.size() && run[1] >= full) {
                Window shortSlot = Window.partialSlot(g.length(full), g.toMillis(), RESOLUTION_MILLIS, closed);
                requests.add(() -> lastSlot(purpose, g, shortSlot, expr.apply(shortSlot)));
            }
        }
        if (phaseTwo && exactRequests.addAndGet(requests.size()) > MAX_EXACT_REQUESTS) {
            throw new UsageException("Prometheus server " + client.source().id() + ": " + purpose + " would need more"
                    + " than " + MAX_EXACT_REQUESTS + " requests (counters reset in too many slots); report a"
                    + " shorter period");
        }
        List<Future<List<Point>>> futures = new ArrayList<>();
        Table t = new Table(g);
        try {
            requests.forEach(r -> futures.add(executor.submit(r)));
            for (Future<List<Point>> f : futures) {
                for (Point p : get(f)) {
                    t.put(p.metric(), p.slot(), p.value());
                }
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return t;
    }

    /** Full slots {@code k0..k1} by one range query. */
    private List<Point> range(String purpose, SlotGrid g, Window w, String promql, int k0, int k1) {
        long start = w.evaluationTime(g.end(k0));
        long end = w.evaluationTime(g.end(k1));
        QueryResponse r = send(
                purpose,
                () -> client.queryRange(
                        promql,
                        Instant.ofEpochMilli(start),
                        Instant.ofEpochMilli(end),
                        Duration.ofMillis(g.stepMillis())));
        if (!(r.data() instanceof QueryData.Matrix matrix)) {
            throw unexpected(purpose, "a matrix", r);
        }
        List<Point> out = new ArrayList<>();
        for (QueryData.RangeSeries s : matrix.series()) {
            for (QueryData.Point p : s.points()) {
                long slotEnd = p.epochMillis() - w.shiftMillis();
                long n = (slotEnd - g.fromMillis()) / g.stepMillis() - 1;
                if ((slotEnd - g.fromMillis()) % g.stepMillis() == 0 && n >= k0 && n <= k1) {
                    out.add(new Point(s.metric(), (int) n, p.value()));
                }
            }
        }
        return out;
    }

    /** The last slot, shorter than the step, by one instant query. */
    private List<Point> lastSlot(String purpose, SlotGrid g, Window w, String promql) {
        int k = g.size() - 1;
        QueryResponse r =
                send(purpose, () -> client.query(promql, Instant.ofEpochMilli(w.evaluationTime(g.toMillis()))));
        if (!(r.data() instanceof QueryData.Vector vector)) {
            throw unexpected(purpose, "a vector", r);
        }
        return vector.samples().stream()
                .map(s -> new Point(s.metric(), k, s.value()))
                .toList();
    }

    /** Whether the server's range selectors include their left edge (Prometheus 2) or not (Prometheus 3). */
    private boolean closedRanges(SlotGrid g) {
        if (closedRanges == null) {
            // evaluated on a whole second, so the subquery's steps fall on both edges of its range
            Instant at = Instant.ofEpochSecond(Math.floorDiv(g.fromMillis(), 1000));
            QueryResponse r =
                    send("checking how it selects ranges", () -> client.query(FleetPromql.RANGE_EDGE_PROBE, at));
            if (!(r.data() instanceof QueryData.Vector v) || v.samples().size() != 1) {
                throw unexpected("checking how it selects ranges", "one sample", r);
            }
            double n = v.samples().getFirst().value();
            if (n != 2 && n != 3) {
                throw new UsageException("Prometheus server " + client.source().id() + " answered "
                        + FleetPromql.RANGE_EDGE_PROBE + " with " + n + " (expected 2 or 3)");
            }
            closedRanges = n == 3;
        }
        return closedRanges;
    }

    private interface Request {
        QueryResponse send() throws PromQueryException;
    }

    private QueryResponse send(String purpose, Request request) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("Prometheus server " + client.source().id() + " (" + purpose + "): interrupted");
        }
        try {
            if (deadlineNanos - nanoTime.getAsLong() <= 0) {
                throw new UsageException("Prometheus server " + client.source().id() + ": the report's reads took"
                        + " longer than " + DurationText.of(timeout) + " (stopped at: " + purpose + ")");
            }
            QueryResponse r = request.send();
            if (!r.warnings().isEmpty()) {
                log.warn("Prometheus server {} warned ({}): {}", client.source().id(), purpose, r.warnings());
            }
            return r;
        } catch (PromQueryException e) {
            throw new UsageException(
                    "Prometheus server " + client.source().id() + " (" + purpose + "): " + e.getMessage(), e);
        } finally {
            inFlight.release();
        }
    }

    /** The result of a read started on the executor; its failure as it was thrown there. */
    private <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new UsageException(
                    "Prometheus server " + client.source().id() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("Prometheus server " + client.source().id() + ": interrupted", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new UsageException("Prometheus server " + client.source().id() + ": the read was cancelled", e);
        }
    }

    private UsageException unexpected(String purpose, String expected, QueryResponse r) {
        return new UsageException("Prometheus server " + client.source().id() + " (" + purpose + "): expected "
                + expected + ", got " + r.data().getClass().getSimpleName());
    }

    private static double[] nans(SlotGrid g) {
        double[] d = new double[g.size()];
        Arrays.fill(d, Double.NaN);
        return d;
    }

    /** What a combined query returned: per part ({@link FleetPromql#TAG}) and resource (its labels), slot values. */
    private static final class Table {
        private final SlotGrid grid;
        private final Map<String, Map<Map<String, String>, double[]>> parts = new HashMap<>();

        Table(SlotGrid grid) {
            this.grid = grid;
        }

        void put(Map<String, String> metric, int slot, double value) {
            Map<String, String> labels = new HashMap<>(metric);
            String tag = labels.remove(FleetPromql.TAG);
            if (tag == null) {
                return;
            }
            parts.computeIfAbsent(tag, x -> new HashMap<>())
                    .computeIfAbsent(Map.copyOf(labels), x -> nans(grid))[slot] = value;
        }

        List<Map<String, String>> groups(String tag) {
            return List.copyOf(parts.getOrDefault(tag, Map.of()).keySet());
        }

        double[] values(String tag, Map<String, String> key, SlotGrid g) {
            return parts.getOrDefault(tag, Map.of()).getOrDefault(key, nans(g));
        }

        /** {@code TAG.s ÷ TAG.c ÷ divisor} per slot; NaN without readings. */
        double[] mean(String tag, Map<String, String> key, SlotGrid g, double divisor) {
            double[] s = values(tag + ".s", key, g);
            double[] c = values(tag + ".c", key, g);
            double[] out = new double[g.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = c[i] > 0 ? s[i] / c[i] / divisor : Double.NaN;
            }
            return out;
        }
    }
}
