package io.gridscope.collectors.nvml;

import io.gridscope.collectors.Collector;
import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.collectors.host.HostIdentity;
import io.gridscope.collectors.host.ProcessDetailsReader;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.TelemetryEvent;
import io.gridscope.model.TelemetryEvent.Severity;
import io.gridscope.model.Unit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU telemetry from NVML, in-process through JNA.
 *
 * <p><b>Lifecycle.</b> Construction is cheap. The first {@link #collect} loads the library (once per JVM, see
 * {@link NvmlLoader}), calls {@code nvmlInit_v2}, enumerates the GPUs, reads their static facts ({@link GpuInfo}) and
 * starts the event thread. A missing library, a failed init, a driver/library version mismatch or "no GPU" throw
 * {@link CollectorUnavailableException} with a reason a person can act on; the scheduler retries with backoff.
 * {@link #close} stops the event thread and calls {@code nvmlShutdown}.
 *
 * <p><b>Series.</b> Every series carries {@code host} and {@code gpu_uuid}; MIG instances add {@code mig_uuid}.
 * Gauges: {@code gpu_utilization_ratio}, {@code gpu_memory_utilization_ratio}, {@code gpu_memory_total_bytes},
 * {@code gpu_memory_used_bytes}, {@code gpu_memory_free_bytes}, {@code gpu_memory_reserved_bytes} (v2 memory info
 * only; with v1 "used" includes reserved memory), {@code gpu_power_watts}, {@code gpu_power_limit_watts},
 * {@code gpu_temperature_celsius}, {@code gpu_memory_temperature_celsius}, {@code gpu_temperature_slowdown_celsius}
 * and {@code gpu_temperature_shutdown_celsius} (the GPU's own thresholds: where it slows its clocks down to cool,
 * where it shuts down; read once when the GPU is found, since they do not change, and emitted every pass, so a rule
 * can compare {@code gpu_temperature_celsius} with them; absent where NVML does not give them or gives no plausible
 * temperature), {@code gpu_clock_hertz{clock}},
 * {@code gpu_fan_ratio}, {@code gpu_pstate}, {@code gpu_clock_event_active{reason}} (0/1 per
 * {@link ClockEventReason}), {@code gpu_encoder_utilization_ratio}, {@code gpu_decoder_utilization_ratio},
 * {@code gpu_retired_pages{cause}}, {@code gpu_remapped_rows{type}}, {@code gpu_remapped_rows_pending},
 * {@code gpu_remapped_rows_failure}, {@code gpu_pcie_link_generation}, {@code gpu_pcie_link_width},
 * {@code gpu_pcie_receive_bytes_per_second} / {@code gpu_pcie_transmit_bytes_per_second} (only while
 * {@link #subscribePcieThroughput() subscribed}: each read blocks about 20 ms), {@code gpu_process_count},
 * {@code gpu_up} (1, or 0 while the GPU is lost), {@code gpu_info{gpu_name,gpu_index,...}} (always 1) and
 * {@code gpu_user_sm_ratio{user,container}} (see <b>Processes</b>).
 * Counters: {@code gpu_energy_joules_total} (NVML's own cumulative counter, energy since the driver was loaded,
 * emitted as it is: a driver reload restarts it, and every consumer counts that as a reset by {@link
 * io.gridscope.model.Counters}, so the energy since the reload is counted once, whether or not Gridscope restarted
 * in between; where the counter is not supported, power integrated over time since this collector started, with
 * label {@code estimated="true"}) and {@code gpu_ecc_errors_total{type}} (only while ECC is on).
 * A field the GPU does not support is absent, never 0. Self-metrics: {@code gridscope_nvml_calls} and
 * {@code gridscope_nvml_call_duration_seconds{stat="mean"|"max"}} per pass; the scheduler adds the pass time.
 *
 * <p><b>Events.</b> XID and double-bit ECC events arrive on a dedicated thread through NVML's event API and are
 * delivered once each in the next snapshot ({@value #EVENT_XID}, {@value #EVENT_ECC_DOUBLE_BIT}). A GPU that
 * answers {@code NVML_ERROR_GPU_IS_LOST} yields one {@value #EVENT_GPU_LOST} event and {@code gpu_up 0}; it is
 * probed again every pass and yields {@value #EVENT_GPU_RECOVERED} when it answers again. When every GPU is lost the
 * pass fails with the reason, and the next attempt re-initialises NVML.
 *
 * <p><b>Processes.</b> {@link #processes()} is the latest immutable list of processes using a GPU, with per-process
 * utilisation from NVML's samples (the last-seen timestamp is carried between passes) and user, command line and
 * container from {@code /proc}. They are not emitted as series (unbounded cardinality); what is emitted is each GPU's
 * SM share by user and container:
 *
 * <p>{@code gpu_user_sm_ratio{host, gpu_uuid, user, container}}, a gauge: the sum of the SM utilisation ratios
 * (each process's newest NVML sample since the previous pass) of that user's processes in that container on that
 * physical GPU. {@code container} is the Docker/containerd/CRI-O id, absent (the label is empty) outside a
 * container; {@code user} is the process owner's name (its numeric uid when {@code /etc/passwd} has none), or
 * {@code "unknown"} when {@code /proc} does not show the process. At most
 * {@value #DEFAULT_USER_SHARE_LIMIT} user/container pairs per GPU and pass, the largest; the rest are summed into
 * {@code user="other"} with no container (a real user named {@code other} outside containers is part of it). A
 * share is at most 1, but the shares of one GPU can add up to more than its {@code gpu_utilization_ratio}, even
 * above 1: NVML samples each process separately. Processes on MIG instances, when NVML samples them, are summed on
 * their physical GPU.
 *
 * <p>Reading the series: a GPU has these samples in a pass only when NVML produced per-process samples for it since
 * the previous pass. In such a pass, a user/container without a sample had no sampled SM activity on that GPU:
 * its share is 0, it is not missing data. A pass with no {@code gpu_user_sm_ratio} sample for a GPU carries no
 * attribution at all ("no data", not "nobody"): {@code gpu_process_count} of the same pass says whether anything
 * ran (0) or ran unattributed (no sample in the interval, per-process samples not supported, the read failed).
 *
 * <p><b>Thread safety.</b> {@link #collect} and {@link #close} from the scheduler thread only (the
 * {@link Collector} contract). {@link #processes()}, {@link #devices()}, {@link #systemInfo()} and
 * {@link #subscribePcieThroughput()} may be called from any thread.
 */
public final class NvmlCollector implements Collector {
    public static final String ID = "nvml";
    public static final String EVENT_XID = "gpu_xid";
    public static final String EVENT_ECC_DOUBLE_BIT = "gpu_ecc_double_bit";
    public static final String EVENT_GPU_LOST = "gpu_lost";
    public static final String EVENT_GPU_RECOVERED = "gpu_recovered";

    public static final String UTILIZATION = "gpu_utilization_ratio";
    public static final String MEMORY_UTILIZATION = "gpu_memory_utilization_ratio";
    public static final String MEMORY_TOTAL = "gpu_memory_total_bytes";
    public static final String MEMORY_USED = "gpu_memory_used_bytes";
    public static final String MEMORY_FREE = "gpu_memory_free_bytes";
    public static final String MEMORY_RESERVED = "gpu_memory_reserved_bytes";
    public static final String POWER = "gpu_power_watts";
    public static final String POWER_LIMIT = "gpu_power_limit_watts";
    public static final String ENERGY = "gpu_energy_joules_total";
    public static final String TEMPERATURE = "gpu_temperature_celsius";
    public static final String MEMORY_TEMPERATURE = "gpu_memory_temperature_celsius";
    public static final String TEMPERATURE_SLOWDOWN = "gpu_temperature_slowdown_celsius";
    public static final String TEMPERATURE_SHUTDOWN = "gpu_temperature_shutdown_celsius";
    public static final String CLOCK = "gpu_clock_hertz";
    public static final String FAN = "gpu_fan_ratio";
    public static final String PSTATE = "gpu_pstate";
    public static final String CLOCK_EVENT = "gpu_clock_event_active";
    public static final String ENCODER_UTILIZATION = "gpu_encoder_utilization_ratio";
    public static final String DECODER_UTILIZATION = "gpu_decoder_utilization_ratio";
    public static final String ECC_ERRORS = "gpu_ecc_errors_total";
    public static final String RETIRED_PAGES = "gpu_retired_pages";
    public static final String REMAPPED_ROWS = "gpu_remapped_rows";
    public static final String REMAPPED_ROWS_PENDING = "gpu_remapped_rows_pending";
    public static final String REMAPPED_ROWS_FAILURE = "gpu_remapped_rows_failure";
    public static final String PCIE_LINK_GENERATION = "gpu_pcie_link_generation";
    public static final String PCIE_LINK_WIDTH = "gpu_pcie_link_width";
    public static final String PCIE_RECEIVE = "gpu_pcie_receive_bytes_per_second";
    public static final String PCIE_TRANSMIT = "gpu_pcie_transmit_bytes_per_second";
    public static final String PROCESS_COUNT = "gpu_process_count";
    public static final String UP = "gpu_up";
    public static final String INFO = "gpu_info";
    public static final String USER_SM_SHARE = "gpu_user_sm_ratio";
    public static final String SELF_CALLS = "gridscope_nvml_calls";
    public static final String SELF_CALL_DURATION = "gridscope_nvml_call_duration_seconds";

    /** User/container pairs kept apart per GPU in {@value #USER_SM_SHARE}; the rest are summed as "other". */
    public static final int DEFAULT_USER_SHARE_LIMIT = 8;

    /** Default wait per {@code nvmlEventSetWait_v2} call; bounds how long {@link #close} waits for the thread. */
    public static final int DEFAULT_EVENT_WAIT_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(NvmlCollector.class);
    private static final int CLOCK_GRAPHICS = 0;
    private static final int CLOCK_SM = 1;
    private static final int CLOCK_MEM = 2;
    private static final long PSTATE_UNKNOWN = 32;
    private static final long NVML_VALUE_NOT_AVAILABLE = -1L;
    /** Above this, a temperature threshold NVML reports is a sentinel or a misread, not a temperature. */
    private static final long MAX_PLAUSIBLE_THRESHOLD_CELSIUS = 200;
    /** Longest gap over which power is integrated into an estimated energy figure. */
    private static final long MAX_INTEGRATION_GAP_MILLIS = 10_000;

    private final String host;
    private final Supplier<NvmlLoader.Result> loader;
    private final Clock clock;
    private final ThreadFactory eventThreads;
    private final int eventWaitMillis;
    private final ProcessDetailsReader processReader;

    private NvmlApi api;
    private boolean initialized;
    private final List<Device> devices = new ArrayList<>();
    private final Map<String, EstimatedEnergy> estimatedByUuid = new HashMap<>();
    private final Queue<TelemetryEvent> pendingEvents = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pcieSubscribers = new AtomicInteger();
    /** GPU indexes whose loss has been reported and whose recovery has not: keeps each loss to one event. */
    private final Set<Integer> lostIndexes = new HashSet<>();

    private NvmlEventWatcher watcher;
    private Thread watcherThread;
    private volatile List<GpuProcess> processes = List.of();
    private volatile List<GpuDeviceStatus> deviceStatuses = List.of();
    private volatile NvmlSystemInfo systemInfo = NvmlSystemInfo.UNKNOWN;

    /** The production collector: shared NVML library, system clock, a daemon event thread. */
    public NvmlCollector(HostIdentity host) {
        this(
                host,
                NvmlLoader::shared,
                Clock.systemUTC(),
                Thread.ofPlatform().daemon().name("gridscope-nvml-events").factory(),
                DEFAULT_EVENT_WAIT_MILLIS);
    }

    /**
     * @param loader          supplies the loaded library, or the reason it is missing; called until it succeeds
     * @param eventThreads    makes the event thread; {@code null} runs no thread (events are then read only by
     *                        {@link #pollEvents(int)}, which tests use)
     * @param eventWaitMillis how long each event wait blocks
     */
    public NvmlCollector(
            HostIdentity host,
            Supplier<NvmlLoader.Result> loader,
            Clock clock,
            ThreadFactory eventThreads,
            int eventWaitMillis) {
        this(host, loader, clock, eventThreads, eventWaitMillis, new ProcessDetailsReader());
    }

    /** As above, with the process details read through {@code processReader} (a fake /proc in tests). */
    NvmlCollector(
            HostIdentity host,
            Supplier<NvmlLoader.Result> loader,
            Clock clock,
            ThreadFactory eventThreads,
            int eventWaitMillis,
            ProcessDetailsReader processReader) {
        this.host = Objects.requireNonNull(host, "host").hostname();
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eventThreads = eventThreads;
        if (eventWaitMillis <= 0) {
            throw new IllegalArgumentException("eventWaitMillis must be positive: " + eventWaitMillis);
        }
        this.eventWaitMillis = eventWaitMillis;
        this.processReader = Objects.requireNonNull(processReader, "processReader");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "NVIDIA GPUs";
    }

    /** The latest processes using a GPU (empty before the first pass). */
    public List<GpuProcess> processes() {
        return processes;
    }

    /** Every GPU seen at the last pass, with its static facts, lost flag and supported fields. */
    public List<GpuDeviceStatus> devices() {
        return deviceStatuses;
    }

    public NvmlSystemInfo systemInfo() {
        return systemInfo;
    }

    /**
     * Asks for PCIe throughput until the returned handle is closed. Each read blocks about 20 ms per GPU and
     * direction, so it is only done while someone (a visible chart) subscribes.
     */
    public AutoCloseable subscribePcieThroughput() {
        pcieSubscribers.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                pcieSubscribers.decrementAndGet();
            }
        };
    }

    // ---------------------------------------------------------------- lifecycle

    private void ensureInitialized() throws CollectorUnavailableException {
        if (initialized) {
            return;
        }
        if (api == null) {
            NvmlLoader.Result result = loader.get();
            if (!result.available()) {
                throw new CollectorUnavailableException(result.reason());
            }
            api = result.api();
        }
        try {
            api.init();
        } catch (NvmlException e) {
            throw new CollectorUnavailableException(initFailureReason(e), e);
        }
        initialized = true;
        try {
            systemInfo = readSystemInfo();
            int count = api.deviceCount();
            if (count == 0) {
                throw new CollectorUnavailableException("NVML found no NVIDIA GPU on this machine");
            }
            devices.clear();
            for (int i = 0; i < count; i++) {
                discover(i).ifPresent(devices::add);
            }
            if (devices.isEmpty()) {
                throw new CollectorUnavailableException("NVML lists " + count + " GPU(s) but none answers: "
                        + "every GPU has fallen off the bus or could not be identified");
            }
            startEvents();
        } catch (NvmlException e) {
            shutdownQuietly();
            throw new CollectorUnavailableException("NVML could not enumerate GPUs: " + e.getMessage(), e);
        } catch (CollectorUnavailableException e) {
            shutdownQuietly();
            throw e;
        }
    }

    /** The message for a failed {@code nvmlInit_v2}. */
    static String initFailureReason(NvmlException e) {
        return switch (e.code()) {
            case NvmlReturn.LIB_RM_VERSION_MISMATCH ->
                "NVIDIA driver/library version mismatch "
                        + "(NVML_ERROR_LIB_RM_VERSION_MISMATCH): the loaded kernel module and libnvidia-ml.so come from "
                        + "different driver versions, usually after a driver upgrade; reboot or reload the nvidia kernel "
                        + "modules";
            case NvmlReturn.DRIVER_NOT_LOADED -> "NVIDIA kernel driver is not loaded (NVML_ERROR_DRIVER_NOT_LOADED)";
            case NvmlReturn.NO_PERMISSION ->
                "no permission to open the NVIDIA device files " + "(NVML_ERROR_NO_PERMISSION)";
            case NvmlReturn.LIBRARY_NOT_FOUND ->
                "NVML could not find a driver component (NVML_ERROR_LIBRARY_NOT_FOUND)";
            default -> "NVML initialisation failed: " + NvmlReturn.name(e.code());
        };
    }

    private NvmlSystemInfo readSystemInfo() {
        Optional<String> driver = optional(api::driverVersion);
        Optional<String> nvml = optional(api::nvmlVersion);
        Optional<String> cuda = optional(api::cudaDriverVersion).map(v -> (v / 1000) + "." + (v % 1000 / 10));
        return new NvmlSystemInfo(driver, nvml, cuda);
    }

    private Optional<Device> discover(int index) throws NvmlException {
        long handle;
        try {
            handle = api.deviceHandle(index);
        } catch (NvmlException e) {
            if (e.gpuLost()) {
                if (lostIndexes.add(index)) {
                    pendingEvents.add(
                            new TelemetryEvent(
                                    EVENT_GPU_LOST,
                                    Labels.of("host", host, "gpu_index", Integer.toString(index)),
                                    clock.millis(),
                                    Severity.CRITICAL,
                                    "GPU " + index
                                            + " has fallen off the bus (NVML_ERROR_GPU_IS_LOST) before it could be identified"));
                }
                return Optional.empty();
            }
            throw e;
        }
        try {
            GpuInfo info = readInfo(index, handle);
            Device device = new Device(index, handle, info, host, systemInfo);
            if (lostIndexes.remove(index)) {
                pendingEvents.add(recovered(device, clock.millis()));
            }
            return Optional.of(device);
        } catch (NvmlException e) {
            if (e.gpuLost() || e.meansAbsent()) {
                log.warn("GPU {} skipped: {}", index, e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    private GpuInfo readInfo(int index, long h) throws NvmlException {
        String uuid = api.uuid(h);
        String name = optional(() -> api.name(h)).orElse("NVIDIA GPU");
        Optional<Boolean> mig = optional(() -> api.migMode(h)).map(m -> m[0] == 1);
        List<GpuInfo.MigInfo> migs = new ArrayList<>();
        if (mig.orElse(false)) {
            int max = optional(() -> api.maxMigDeviceCount(h)).orElse(0);
            for (int j = 0; j < max; j++) {
                int jj = j;
                Optional<Long> mh = api.migDeviceHandle(h, jj);
                if (mh.isEmpty()) {
                    continue;
                }
                long m = mh.get();
                Optional<String> migUuid = optional(() -> api.uuid(m));
                if (migUuid.isEmpty()) {
                    continue;
                }
                migs.add(new GpuInfo.MigInfo(
                        migUuid.get(),
                        optionalLong(() -> api.gpuInstanceId(m)),
                        optionalLong(() -> api.computeInstanceId(m)),
                        optional(() -> api.memoryInfo(m))
                                .map(mi -> OptionalLong.of(mi.totalBytes()))
                                .orElse(OptionalLong.empty()),
                        optional(() -> api.name(m))));
            }
        }
        Optional<long[]> constraints = optional(() -> api.powerLimitConstraintsMilliwatts(h));
        return new GpuInfo(
                index,
                uuid,
                name,
                optional(() -> api.serial(h)),
                optional(() -> api.pciBusId(h)),
                optional(() -> api.boardPartNumber(h)),
                optional(() -> api.vbiosVersion(h)),
                optional(() -> api.memoryInfo(h))
                        .map(mi -> OptionalLong.of(mi.totalBytes()))
                        .orElse(OptionalLong.empty()),
                constraints.map(c -> OptionalDouble.of(c[0] / 1000.0)).orElse(OptionalDouble.empty()),
                constraints.map(c -> OptionalDouble.of(c[1] / 1000.0)).orElse(OptionalDouble.empty()),
                optional(() -> api.defaultPowerLimitMilliwatts(h))
                        .map(v -> OptionalDouble.of(v / 1000.0))
                        .orElse(OptionalDouble.empty()),
                optionalLong(() -> api.temperatureThresholdCelsius(h, 0)),
                optionalLong(() -> api.temperatureThresholdCelsius(h, 1)),
                optionalLong(() -> api.temperatureThresholdCelsius(h, 3)),
                optionalLong(() -> api.temperatureThresholdCelsius(h, 2)),
                optionalLong(() -> api.maxClockMegahertz(h, CLOCK_SM) * 1_000_000L),
                optionalLong(() -> api.maxClockMegahertz(h, CLOCK_MEM) * 1_000_000L),
                optionalLong(() -> api.maxClockMegahertz(h, CLOCK_GRAPHICS) * 1_000_000L),
                optionalLong(() -> api.maxPcieLinkGeneration(h)),
                optionalLong(() -> api.maxPcieLinkWidth(h)),
                mig,
                optional(() -> api.eccEnabled(h)),
                migs);
    }

    private void startEvents() {
        stopEvents();
        long set;
        try {
            set = api.eventSetCreate();
        } catch (NvmlException e) {
            log.warn("NVML events unavailable, XID errors will not be reported: {}", e.getMessage());
            return;
        }
        Map<Long, NvmlEventWatcher.DeviceRef> refs = new HashMap<>();
        int registered = 0;
        for (Device d : devices) {
            Map<Long, String> migs = new HashMap<>();
            for (MigDevice m : d.migs) {
                m.info.gpuInstanceId()
                        .ifPresent(gi -> migs.put(
                                gi << 32 | m.info.computeInstanceId().orElse(NvmlEventWatcher.NO_INSTANCE),
                                m.info.migUuid()));
            }
            refs.put(d.handle, new NvmlEventWatcher.DeviceRef(d.info.uuid(), d.index, migs));
            try {
                long types = api.supportedEventTypes(d.handle) & NvmlEventWatcher.WANTED;
                if (types != 0) {
                    api.registerEvents(d.handle, types, set);
                    registered++;
                    d.fields.put("events", GpuDeviceStatus.SUPPORTED);
                } else {
                    d.fields.put("events", NvmlReturn.name(NvmlReturn.NOT_SUPPORTED));
                }
            } catch (NvmlException e) {
                d.fields.put("events", NvmlReturn.name(e.code()));
                if (!e.meansAbsent()) {
                    log.warn("cannot register NVML events for GPU {}: {}", d.info.uuid(), e.getMessage());
                }
            }
        }
        if (registered == 0) {
            api.eventSetFree(set);
            return;
        }
        watcher = new NvmlEventWatcher(api, set, refs, host, pendingEvents::add, clock, eventWaitMillis);
        if (eventThreads != null) {
            watcherThread = eventThreads.newThread(watcher);
            watcherThread.start();
        }
    }

    private void stopEvents() {
        NvmlEventWatcher w = watcher;
        watcher = null;
        if (w == null) {
            return;
        }
        w.stop();
        if (watcherThread != null) {
            try {
                watcherThread.join(eventWaitMillis * 2L + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean alive = watcherThread.isAlive();
            watcherThread = null;
            if (alive) {
                // Freeing the set under a thread still waiting on it would be a use-after-free: leak it instead.
                log.warn(
                        "NVML event thread did not stop within {} ms; its event set is not freed",
                        eventWaitMillis * 2L + 500);
                return;
            }
        }
        api.eventSetFree(w.eventSet());
    }

    /**
     * Waits once for an NVML event on the calling thread and queues it for the next snapshot. For a collector built
     * without an event thread. Returns whether an event arrived.
     */
    boolean pollEvents(int timeoutMillis) throws NvmlException {
        NvmlEventWatcher w = watcher;
        return w != null && w.pollOnce(timeoutMillis);
    }

    private void shutdownQuietly() {
        stopEvents();
        if (initialized) {
            api.shutdown();
            initialized = false;
        }
    }

    @Override
    public void close() {
        shutdownQuietly();
    }

    // ---------------------------------------------------------------- sampling

    @Override
    public Snapshot collect(long epochMillis) throws CollectorUnavailableException {
        ensureInitialized();
        api.drainCallStats();
        List<Sample> out = new ArrayList<>(64 * devices.size());
        List<GpuProcess> procs = new ArrayList<>();
        List<String> lostReasons = new ArrayList<>();
        int healthy = 0;
        for (Device d : devices) {
            if (d.lost) {
                tryRecover(d, epochMillis);
            }
            if (!d.lost) {
                try {
                    sample(d, epochMillis, out);
                    List<GpuProcess> onGpu = readProcesses(d, epochMillis, out);
                    procs.addAll(onGpu);
                    userShares(d, onGpu, epochMillis, out);
                    healthy++;
                } catch (GpuLost e) {
                    markLost(d, epochMillis, e.getCause().getMessage());
                }
            }
            out.add(new Sample(SeriesId.gauge(UP, Unit.NONE, d.labels), epochMillis, d.lost ? 0 : 1));
            if (d.lost) {
                lostReasons.add("GPU " + d.info.uuid() + " (index " + d.index + ") has fallen off the bus "
                        + "(NVML_ERROR_GPU_IS_LOST)");
            }
        }
        NvmlApi.CallStats stats = api.drainCallStats();
        Labels self = Labels.of("host", host);
        out.add(new Sample(SeriesId.gauge(SELF_CALLS, Unit.NONE, self), epochMillis, stats.calls()));
        if (stats.calls() > 0) {
            out.add(new Sample(
                    SeriesId.gauge(SELF_CALL_DURATION, Unit.SECONDS, self.with("stat", "mean")),
                    epochMillis,
                    stats.totalNanos() / 1e9 / stats.calls()));
            out.add(new Sample(
                    SeriesId.gauge(SELF_CALL_DURATION, Unit.SECONDS, self.with("stat", "max")),
                    epochMillis,
                    stats.maxNanos() / 1e9));
        }
        processes = List.copyOf(procs);
        publishStatuses();
        if (healthy == 0) {
            // Nothing answers: fail the pass so the status shows why, and start NVML afresh on the next attempt.
            shutdownQuietly();
            throw new CollectorUnavailableException(String.join("; ", lostReasons));
        }
        List<TelemetryEvent> events = new ArrayList<>();
        for (TelemetryEvent e; (e = pendingEvents.poll()) != null; ) {
            events.add(e);
        }
        return new Snapshot(ID, epochMillis, out, events);
    }

    private void publishStatuses() {
        List<GpuDeviceStatus> list = new ArrayList<>(devices.size());
        for (Device d : devices) {
            list.add(GpuDeviceStatus.of(d.info, d.lost, d.fields));
        }
        deviceStatuses = List.copyOf(list);
    }

    private TelemetryEvent recovered(Device d, long now) {
        return new TelemetryEvent(
                EVENT_GPU_RECOVERED,
                d.eventLabels,
                now,
                Severity.INFO,
                "GPU " + d.info.uuid() + " (index " + d.index + ") answers again");
    }

    private void markLost(Device d, long now, String detail) {
        d.lost = true;
        if (!lostIndexes.add(d.index)) {
            return;
        }
        log.warn("GPU {} (index {}) is lost: {}", d.info.uuid(), d.index, detail);
        pendingEvents.add(
                new TelemetryEvent(
                        EVENT_GPU_LOST,
                        d.eventLabels,
                        now,
                        Severity.CRITICAL,
                        "GPU " + d.info.name() + " " + d.info.uuid() + " (index " + d.index
                                + ") has fallen off the bus (NVML_ERROR_GPU_IS_LOST); a GPU reset or reboot is usually needed"));
    }

    private void tryRecover(Device d, long now) {
        try {
            long h = api.deviceHandle(d.index);
            String uuid = api.uuid(h);
            if (!uuid.equals(d.info.uuid())) {
                log.warn(
                        "GPU index {} now answers with UUID {}, not {}; keeping it lost", d.index, uuid, d.info.uuid());
                return;
            }
            d.handle = h;
            d.lost = false;
            lostIndexes.remove(d.index);
            pendingEvents.add(recovered(d, now));
        } catch (NvmlException e) {
            if (!e.gpuLost()) {
                log.debug("GPU {} still unreachable: {}", d.info.uuid(), e.getMessage());
            }
        }
    }

    private void sample(Device d, long now, List<Sample> out) {
        long h = d.handle;
        Labels l = d.labels;
        out.add(new Sample(d.infoSeries, now, 1));
        read(d, "utilization", () -> api.utilizationPercent(h)).ifPresent(u -> {
            out.add(new Sample(SeriesId.gauge(UTILIZATION, Unit.RATIO, l), now, u[0] / 100.0));
            out.add(new Sample(SeriesId.gauge(MEMORY_UTILIZATION, Unit.RATIO, l), now, u[1] / 100.0));
        });
        memory(d, "memory", h, l, now, out);
        Optional<Long> powerMilliwatts = read(d, "power", () -> api.powerUsageMilliwatts(h));
        powerMilliwatts.ifPresent(p -> out.add(new Sample(SeriesId.gauge(POWER, Unit.WATTS, l), now, p / 1000.0)));
        read(d, "power_limit", () -> api.enforcedPowerLimitMilliwatts(h))
                .ifPresent(p -> out.add(new Sample(SeriesId.gauge(POWER_LIMIT, Unit.WATTS, l), now, p / 1000.0)));
        Optional<Long> energy = read(d, "energy", () -> api.totalEnergyMillijoules(h));
        if (energy.isPresent()) {
            out.add(new Sample(SeriesId.counter(ENERGY, Unit.JOULES, l), now, energy.get() / 1000.0));
        } else if (powerMilliwatts.isPresent()) {
            double joules = estimatedByUuid
                    .computeIfAbsent(d.info.uuid(), k -> new EstimatedEnergy())
                    .add(powerMilliwatts.get() / 1000.0, now);
            out.add(new Sample(SeriesId.counter(ENERGY, Unit.JOULES, l.with("estimated", "true")), now, joules));
        }
        read(d, "temperature", () -> api.gpuTemperatureCelsius(h))
                .ifPresent(t -> out.add(new Sample(SeriesId.gauge(TEMPERATURE, Unit.CELSIUS, l), now, t)));
        read(d, "memory_temperature", () -> api.memoryTemperatureCelsius(h))
                .ifPresent(t -> out.add(new Sample(SeriesId.gauge(MEMORY_TEMPERATURE, Unit.CELSIUS, l), now, t)));
        threshold(d.info.temperatureSlowdownCelsius())
                .ifPresent(t -> out.add(new Sample(SeriesId.gauge(TEMPERATURE_SLOWDOWN, Unit.CELSIUS, l), now, t)));
        threshold(d.info.temperatureShutdownCelsius())
                .ifPresent(t -> out.add(new Sample(SeriesId.gauge(TEMPERATURE_SHUTDOWN, Unit.CELSIUS, l), now, t)));
        clock(d, "clock_sm", CLOCK_SM, "sm", now, out);
        clock(d, "clock_mem", CLOCK_MEM, "mem", now, out);
        clock(d, "clock_graphics", CLOCK_GRAPHICS, "graphics", now, out);
        read(d, "fan", () -> api.fanSpeedPercent(h))
                .ifPresent(f -> out.add(new Sample(SeriesId.gauge(FAN, Unit.RATIO, l), now, f / 100.0)));
        read(d, "pstate", () -> (long) api.performanceState(h))
                .filter(p -> p != PSTATE_UNKNOWN)
                .ifPresent(p -> out.add(new Sample(SeriesId.gauge(PSTATE, Unit.NONE, l), now, p)));
        read(d, "clock_event_reasons", () -> api.clockEventReasons(h)).ifPresent(mask -> {
            Set<ClockEventReason> active = ClockEventReason.decode(mask);
            for (ClockEventReason r : ClockEventReason.values()) {
                out.add(new Sample(
                        SeriesId.gauge(CLOCK_EVENT, Unit.NONE, l.with("reason", r.label())),
                        now,
                        active.contains(r) ? 1 : 0));
            }
        });
        read(d, "encoder", () -> api.encoderUtilizationPercent(h))
                .ifPresent(
                        u -> out.add(new Sample(SeriesId.gauge(ENCODER_UTILIZATION, Unit.RATIO, l), now, u / 100.0)));
        read(d, "decoder", () -> api.decoderUtilizationPercent(h))
                .ifPresent(
                        u -> out.add(new Sample(SeriesId.gauge(DECODER_UTILIZATION, Unit.RATIO, l), now, u / 100.0)));
        if (d.info.eccEnabled().orElse(false)) {
            read(d, "ecc_errors", () -> new long[] {api.eccErrorCount(h, false), api.eccErrorCount(h, true)})
                    .ifPresent(c -> {
                        out.add(new Sample(
                                SeriesId.counter(ECC_ERRORS, Unit.NONE, l.with("type", "corrected")), now, c[0]));
                        out.add(new Sample(
                                SeriesId.counter(ECC_ERRORS, Unit.NONE, l.with("type", "uncorrected")), now, c[1]));
                    });
        }
        read(d, "retired_pages", () -> new long[] {api.retiredPageCount(h, false), api.retiredPageCount(h, true)})
                .ifPresent(p -> {
                    out.add(new Sample(
                            SeriesId.gauge(RETIRED_PAGES, Unit.NONE, l.with("cause", "single_bit")), now, p[0]));
                    out.add(new Sample(
                            SeriesId.gauge(RETIRED_PAGES, Unit.NONE, l.with("cause", "double_bit")), now, p[1]));
                });
        read(d, "remapped_rows", () -> api.remappedRows(h)).ifPresent(r -> {
            out.add(new Sample(SeriesId.gauge(REMAPPED_ROWS, Unit.NONE, l.with("type", "correctable")), now, r[0]));
            out.add(new Sample(SeriesId.gauge(REMAPPED_ROWS, Unit.NONE, l.with("type", "uncorrectable")), now, r[1]));
            out.add(new Sample(SeriesId.gauge(REMAPPED_ROWS_PENDING, Unit.NONE, l), now, r[2] != 0 ? 1 : 0));
            out.add(new Sample(SeriesId.gauge(REMAPPED_ROWS_FAILURE, Unit.NONE, l), now, r[3] != 0 ? 1 : 0));
        });
        read(d, "pcie_link", () -> new long[] {api.pcieLinkGeneration(h), api.pcieLinkWidth(h)})
                .ifPresent(p -> {
                    out.add(new Sample(SeriesId.gauge(PCIE_LINK_GENERATION, Unit.NONE, l), now, p[0]));
                    out.add(new Sample(SeriesId.gauge(PCIE_LINK_WIDTH, Unit.NONE, l), now, p[1]));
                });
        if (pcieSubscribers.get() > 0) {
            read(d, "pcie_throughput", () -> new long[] {
                        api.pcieThroughputKilobytesPerSecond(h, true), api.pcieThroughputKilobytesPerSecond(h, false)
                    })
                    .ifPresent(p -> {
                        out.add(new Sample(SeriesId.gauge(PCIE_RECEIVE, Unit.BYTES_PER_SECOND, l), now, p[0] * 1024.0));
                        out.add(new Sample(
                                SeriesId.gauge(PCIE_TRANSMIT, Unit.BYTES_PER_SECOND, l), now, p[1] * 1024.0));
                    });
        }
        for (MigDevice m : d.migs) {
            memory(d, "mig_memory", m.handle, m.labels, now, out);
            // NVML answers NOT_SUPPORTED for utilisation on MIG instances: read it anyway, so a driver that adds it
            // is picked up, and report N/A (no sample) otherwise.
            read(d, "mig_utilization", () -> api.utilizationPercent(m.handle))
                    .ifPresent(u ->
                            out.add(new Sample(SeriesId.gauge(UTILIZATION, Unit.RATIO, m.labels), now, u[0] / 100.0)));
        }
    }

    /**
     * A temperature threshold read at discovery, as a series value: absent when NVML did not give it, and when it
     * gave 0 or more than {@value #MAX_PLAUSIBLE_THRESHOLD_CELSIUS} °C (an unsigned sentinel, or a threshold
     * relative to another one read as absolute), which a rule must not compare temperatures with.
     */
    static OptionalLong threshold(OptionalLong celsius) {
        return celsius.isPresent() && celsius.getAsLong() > 0 && celsius.getAsLong() <= MAX_PLAUSIBLE_THRESHOLD_CELSIUS
                ? celsius
                : OptionalLong.empty();
    }

    private void memory(Device d, String field, long handle, Labels l, long now, List<Sample> out) {
        read(d, field, () -> api.memoryInfo(handle)).ifPresent(m -> {
            out.add(new Sample(SeriesId.gauge(MEMORY_TOTAL, Unit.BYTES, l), now, m.totalBytes()));
            out.add(new Sample(SeriesId.gauge(MEMORY_USED, Unit.BYTES, l), now, m.usedBytes()));
            out.add(new Sample(SeriesId.gauge(MEMORY_FREE, Unit.BYTES, l), now, m.freeBytes()));
            if (m.hasReserved()) {
                out.add(new Sample(SeriesId.gauge(MEMORY_RESERVED, Unit.BYTES, l), now, m.reservedBytes()));
            }
            d.fields.put(
                    field + "_reserved",
                    m.hasReserved() ? GpuDeviceStatus.SUPPORTED : "included in used (no nvmlDeviceGetMemoryInfo_v2)");
        });
    }

    private void clock(Device d, String field, int type, String label, long now, List<Sample> out) {
        read(d, field, () -> api.clockMegahertz(d.handle, type))
                .ifPresent(mhz -> out.add(
                        new Sample(SeriesId.gauge(CLOCK, Unit.HERTZ, d.labels.with("clock", label)), now, mhz * 1e6)));
    }

    private List<GpuProcess> readProcesses(Device d, long now, List<Sample> out) {
        Map<Long, NvmlApi.ProcessInfo> compute = new LinkedHashMap<>();
        Map<Long, NvmlApi.ProcessInfo> graphics = new LinkedHashMap<>();
        read(d, "compute_processes", () -> api.runningProcesses(d.handle, false))
                .ifPresent(list -> list.forEach(p -> compute.put(p.pid(), p)));
        read(d, "graphics_processes", () -> api.runningProcesses(d.handle, true))
                .ifPresent(list -> list.forEach(p -> graphics.put(p.pid(), p)));
        Map<Long, NvmlApi.ProcessUtilization> util = new HashMap<>();
        read(d, "process_utilization", () -> api.processUtilization(d.handle, d.lastSeenProcessMicros))
                .ifPresent(samples -> {
                    for (NvmlApi.ProcessUtilization s : samples) {
                        d.lastSeenProcessMicros = Math.max(d.lastSeenProcessMicros, s.timestampMicros());
                        util.merge(s.pid(), s, (a, b) -> a.timestampMicros() >= b.timestampMicros() ? a : b);
                    }
                });
        Set<Long> pids = new HashSet<>(compute.keySet());
        pids.addAll(graphics.keySet());
        out.add(new Sample(SeriesId.gauge(PROCESS_COUNT, Unit.NONE, d.labels), now, pids.size()));
        List<GpuProcess> list = new ArrayList<>(pids.size());
        for (long pid : sorted(pids)) {
            NvmlApi.ProcessInfo c = compute.get(pid);
            NvmlApi.ProcessInfo g = graphics.get(pid);
            NvmlApi.ProcessInfo p = c != null ? c : g;
            GpuProcess.Kind kind = c != null && g != null
                    ? GpuProcess.Kind.COMPUTE_AND_GRAPHICS
                    : c != null ? GpuProcess.Kind.COMPUTE : GpuProcess.Kind.GRAPHICS;
            OptionalLong used = p.usedGpuMemoryBytes() == NVML_VALUE_NOT_AVAILABLE || p.usedGpuMemoryBytes() < 0
                    ? OptionalLong.empty()
                    : OptionalLong.of(p.usedGpuMemoryBytes());
            Optional<String> mig = d.migUuid(p.gpuInstanceId(), p.computeInstanceId());
            NvmlApi.ProcessUtilization u = util.get(pid);
            ProcessDetailsReader.Details details = processReader.read(pid);
            list.add(new GpuProcess(
                    d.info.uuid(),
                    mig,
                    pid,
                    kind,
                    used,
                    ratio(u, 0),
                    ratio(u, 1),
                    ratio(u, 2),
                    ratio(u, 3),
                    details.user(),
                    details.commandLine(),
                    details.cgroup(),
                    details.containerId()));
        }
        return list;
    }

    /** {@value #USER_SM_SHARE} of one GPU: nothing when none of its processes has an SM sample this pass. */
    private static void userShares(Device d, List<GpuProcess> onGpu, long now, List<Sample> out) {
        for (GpuUserShares.Share s : GpuUserShares.of(onGpu, DEFAULT_USER_SHARE_LIMIT)) {
            Labels l = d.labels.with("user", s.user()).with("container", s.container());
            out.add(new Sample(SeriesId.gauge(USER_SM_SHARE, Unit.RATIO, l), now, s.smRatio()));
        }
    }

    private static List<Long> sorted(Set<Long> pids) {
        List<Long> l = new ArrayList<>(pids);
        l.sort(null);
        return l;
    }

    private static OptionalDouble ratio(NvmlApi.ProcessUtilization u, int which) {
        if (u == null) {
            return OptionalDouble.empty();
        }
        int pct = switch (which) {
            case 0 -> u.smPercent();
            case 1 -> u.memoryPercent();
            case 2 -> u.encoderPercent();
            default -> u.decoderPercent();
        };
        return OptionalDouble.of(Math.clamp(pct / 100.0, 0.0, 1.0));
    }

    // ---------------------------------------------------------------- NVML return codes at the boundary

    @FunctionalInterface
    private interface NvmlCall<T> {
        T get() throws NvmlException;
    }

    /** Thrown inside a pass when a GPU answers NVML_ERROR_GPU_IS_LOST; caught per device. */
    private static final class GpuLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GpuLost(NvmlException cause) {
            super(cause);
        }
    }

    /**
     * Reads one field: absent when the device does not support it (and not asked again until NVML is restarted),
     * {@link GpuLost} when the GPU fell off the bus, absent with a one-time warning on any other error.
     */
    private <T> Optional<T> read(Device d, String field, NvmlCall<T> call) {
        String known = d.fields.get(field);
        if (NvmlReturn.name(NvmlReturn.NOT_SUPPORTED).equals(known)
                || NvmlReturn.name(NvmlReturn.FUNCTION_NOT_FOUND).equals(known)) {
            return Optional.empty();
        }
        try {
            T value = call.get();
            d.fields.put(field, GpuDeviceStatus.SUPPORTED);
            return Optional.of(value);
        } catch (NvmlException e) {
            if (e.gpuLost()) {
                throw new GpuLost(e);
            }
            String name = NvmlReturn.name(e.code());
            if (!e.meansAbsent() && !name.equals(known)) {
                log.warn("GPU {}: reading {} failed: {}", d.info.uuid(), field, e.getMessage());
            }
            d.fields.put(field, name);
            return Optional.empty();
        }
    }

    private static <T> Optional<T> optional(NvmlCall<T> call) {
        try {
            return Optional.of(call.get());
        } catch (NvmlException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong optionalLong(NvmlCall<Long> call) {
        return optional(call).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    // ---------------------------------------------------------------- per-device state

    private final class Device {
        final int index;
        long handle;
        final GpuInfo info;
        final Labels labels;
        final Labels eventLabels;
        final SeriesId infoSeries;
        final List<MigDevice> migs = new ArrayList<>();
        final Map<String, String> fields = new HashMap<>();
        boolean lost;
        long lastSeenProcessMicros;

        Device(int index, long handle, GpuInfo info, String host, NvmlSystemInfo system) throws NvmlException {
            this.index = index;
            this.handle = handle;
            this.info = info;
            this.labels = Labels.of("host", host, "gpu_uuid", info.uuid());
            this.eventLabels = labels.with("gpu_index", Integer.toString(index));
            Map<String, String> infoLabels = labels.asMap();
            infoLabels.put("gpu_name", info.name());
            infoLabels.put("gpu_index", Integer.toString(index));
            info.pciBusId().ifPresent(v -> infoLabels.put("pci_bus_id", v));
            system.driverVersion().ifPresent(v -> infoLabels.put("driver_version", v));
            this.infoSeries = SeriesId.gauge(INFO, Unit.NONE, Labels.of(infoLabels));
            for (int j = 0; j < info.migDevices().size(); j++) {
                GpuInfo.MigInfo m = info.migDevices().get(j);
                Optional<Long> mh = api.migDeviceHandle(handle, j);
                if (mh.isPresent()) {
                    migs.add(new MigDevice(mh.get(), m, labels.with("mig_uuid", m.migUuid())));
                }
            }
        }

        Optional<String> migUuid(long gpuInstanceId, long computeInstanceId) {
            for (MigDevice m : migs) {
                if (m.info.gpuInstanceId().isPresent()
                        && m.info.gpuInstanceId().getAsLong() == gpuInstanceId
                        && (m.info.computeInstanceId().isEmpty()
                                || m.info.computeInstanceId().getAsLong() == computeInstanceId)) {
                    return Optional.of(m.info.migUuid());
                }
            }
            return Optional.empty();
        }
    }

    private record MigDevice(long handle, GpuInfo.MigInfo info, Labels labels) {}

    /** Power integrated over time where the energy counter is not supported; an estimate, labelled as such. */
    private static final class EstimatedEnergy {
        private long lastMillis = -1;
        private double lastWatts;
        private double joules;

        double add(double watts, long nowMillis) {
            if (lastMillis >= 0 && nowMillis > lastMillis) {
                long gap = Math.min(nowMillis - lastMillis, MAX_INTEGRATION_GAP_MILLIS);
                joules += (lastWatts + watts) / 2 * gap / 1000.0;
            }
            lastMillis = nowMillis;
            lastWatts = watts;
            return joules;
        }
    }
}
