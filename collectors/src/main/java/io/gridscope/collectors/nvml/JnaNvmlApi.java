package io.gridscope.collectors.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.gridscope.collectors.nvml.NvmlNative.NvmlEventData;
import io.gridscope.collectors.nvml.NvmlNative.NvmlFieldValue;
import io.gridscope.collectors.nvml.NvmlNative.NvmlMemory;
import io.gridscope.collectors.nvml.NvmlNative.NvmlMemoryV2;
import io.gridscope.collectors.nvml.NvmlNative.NvmlPciInfo;
import io.gridscope.collectors.nvml.NvmlNative.NvmlProcessInfo;
import io.gridscope.collectors.nvml.NvmlNative.NvmlProcessUtilizationSample;
import io.gridscope.collectors.nvml.NvmlNative.NvmlUtilization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@link NvmlApi} over the JNA bindings. Converts return codes to {@link NvmlException}, a function missing from an
 * older driver to {@link NvmlReturn#FUNCTION_NOT_FOUND}, unsigned C values to non-negative Java longs, and times
 * every call for the collector's self-metrics.
 *
 * <p>Thread-safe: it holds no per-call state; call statistics are atomics.
 */
public final class JnaNvmlApi implements NvmlApi {
    private static final int STRING_BUFFER = 96;
    private static final int MAX_PROCESSES = 1024;
    private static final int FI_DEV_MEMORY_TEMP = 82;
    private static final int VALUE_TYPE_DOUBLE = 0;
    private static final int VALUE_TYPE_UNSIGNED_INT = 1;
    private static final int VALUE_TYPE_SIGNED_INT = 5;
    private static final int VALUE_TYPE_UNSIGNED_SHORT = 6;

    private final NvmlNative nvml;
    private final LongSupplier nanoTime;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    public JnaNvmlApi(NvmlNative nvml, LongSupplier nanoTime) {
        this.nvml = Objects.requireNonNull(nvml, "nvml");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    private int timed(IntSupplier call) {
        long t0 = nanoTime.getAsLong();
        try {
            return call.getAsInt();
        } catch (UnsatisfiedLinkError missing) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        } finally {
            long d = nanoTime.getAsLong() - t0;
            calls.incrementAndGet();
            totalNanos.addAndGet(d);
            maxNanos.accumulateAndGet(d, Math::max);
        }
    }

    private void check(String function, IntSupplier call) throws NvmlException {
        int rc = timed(call);
        if (rc != NvmlReturn.SUCCESS) {
            throw new NvmlException(function, rc);
        }
    }

    private static Pointer ptr(long handle) {
        return new Pointer(handle);
    }

    private long uint(String function, java.util.function.ToIntFunction<IntByReference> call) throws NvmlException {
        IntByReference ref = new IntByReference();
        check(function, () -> call.applyAsInt(ref));
        return Integer.toUnsignedLong(ref.getValue());
    }

    private String string(String function, java.util.function.BiFunction<byte[], Integer, Integer> call)
            throws NvmlException {
        byte[] buf = new byte[STRING_BUFFER];
        check(function, () -> call.apply(buf, buf.length));
        return Native.toString(buf, "UTF-8").strip();
    }

    @Override
    public void init() throws NvmlException {
        check("nvmlInit_v2", nvml::nvmlInit_v2);
    }

    @Override
    public void shutdown() {
        timed(nvml::nvmlShutdown);
    }

    @Override
    public String driverVersion() throws NvmlException {
        return string("nvmlSystemGetDriverVersion", nvml::nvmlSystemGetDriverVersion);
    }

    @Override
    public String nvmlVersion() throws NvmlException {
        return string("nvmlSystemGetNVMLVersion", nvml::nvmlSystemGetNVMLVersion);
    }

    @Override
    public int cudaDriverVersion() throws NvmlException {
        return (int) uint("nvmlSystemGetCudaDriverVersion_v2", nvml::nvmlSystemGetCudaDriverVersion_v2);
    }

    @Override
    public int deviceCount() throws NvmlException {
        return (int) uint("nvmlDeviceGetCount_v2", nvml::nvmlDeviceGetCount_v2);
    }

    @Override
    public long deviceHandle(int index) throws NvmlException {
        PointerByReference ref = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex_v2", () -> nvml.nvmlDeviceGetHandleByIndex_v2(index, ref));
        return Pointer.nativeValue(ref.getValue());
    }

    @Override
    public String name(long device) throws NvmlException {
        return string("nvmlDeviceGetName", (b, n) -> nvml.nvmlDeviceGetName(ptr(device), b, n));
    }

    @Override
    public String uuid(long device) throws NvmlException {
        return string("nvmlDeviceGetUUID", (b, n) -> nvml.nvmlDeviceGetUUID(ptr(device), b, n));
    }

    @Override
    public String serial(long device) throws NvmlException {
        return string("nvmlDeviceGetSerial", (b, n) -> nvml.nvmlDeviceGetSerial(ptr(device), b, n));
    }

    @Override
    public String boardPartNumber(long device) throws NvmlException {
        return string("nvmlDeviceGetBoardPartNumber", (b, n) -> nvml.nvmlDeviceGetBoardPartNumber(ptr(device), b, n));
    }

    @Override
    public String vbiosVersion(long device) throws NvmlException {
        return string("nvmlDeviceGetVbiosVersion", (b, n) -> nvml.nvmlDeviceGetVbiosVersion(ptr(device), b, n));
    }

    @Override
    public String pciBusId(long device) throws NvmlException {
        NvmlPciInfo pci = new NvmlPciInfo();
        check("nvmlDeviceGetPciInfo_v3", () -> nvml.nvmlDeviceGetPciInfo_v3(ptr(device), pci));
        return Native.toString(pci.busId, "US-ASCII");
    }

    @Override
    public MemoryInfo memoryInfo(long device) throws NvmlException {
        NvmlMemoryV2 v2 = new NvmlMemoryV2();
        int rc = timed(() -> nvml.nvmlDeviceGetMemoryInfo_v2(ptr(device), v2));
        if (rc == NvmlReturn.SUCCESS) {
            return new MemoryInfo(v2.total, v2.reserved, v2.free, v2.used);
        }
        if (!NvmlReturn.meansAbsent(rc)) {
            throw new NvmlException("nvmlDeviceGetMemoryInfo_v2", rc);
        }
        NvmlMemory v1 = new NvmlMemory();
        check("nvmlDeviceGetMemoryInfo", () -> nvml.nvmlDeviceGetMemoryInfo(ptr(device), v1));
        return new MemoryInfo(v1.total, -1, v1.free, v1.used);
    }

    @Override
    public long powerUsageMilliwatts(long device) throws NvmlException {
        return uint("nvmlDeviceGetPowerUsage", r -> nvml.nvmlDeviceGetPowerUsage(ptr(device), r));
    }

    @Override
    public long enforcedPowerLimitMilliwatts(long device) throws NvmlException {
        return uint("nvmlDeviceGetEnforcedPowerLimit", r -> nvml.nvmlDeviceGetEnforcedPowerLimit(ptr(device), r));
    }

    @Override
    public long defaultPowerLimitMilliwatts(long device) throws NvmlException {
        return uint(
                "nvmlDeviceGetPowerManagementDefaultLimit",
                r -> nvml.nvmlDeviceGetPowerManagementDefaultLimit(ptr(device), r));
    }

    @Override
    public long[] powerLimitConstraintsMilliwatts(long device) throws NvmlException {
        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        check(
                "nvmlDeviceGetPowerManagementLimitConstraints",
                () -> nvml.nvmlDeviceGetPowerManagementLimitConstraints(ptr(device), min, max));
        return new long[] {Integer.toUnsignedLong(min.getValue()), Integer.toUnsignedLong(max.getValue())};
    }

    @Override
    public long totalEnergyMillijoules(long device) throws NvmlException {
        LongByReference ref = new LongByReference();
        check("nvmlDeviceGetTotalEnergyConsumption", () -> nvml.nvmlDeviceGetTotalEnergyConsumption(ptr(device), ref));
        return ref.getValue();
    }

    @Override
    public long gpuTemperatureCelsius(long device) throws NvmlException {
        return uint("nvmlDeviceGetTemperature", r -> nvml.nvmlDeviceGetTemperature(ptr(device), 0, r));
    }

    @Override
    public long temperatureThresholdCelsius(long device, int thresholdType) throws NvmlException {
        return uint(
                "nvmlDeviceGetTemperatureThreshold",
                r -> nvml.nvmlDeviceGetTemperatureThreshold(ptr(device), thresholdType, r));
    }

    @Override
    public long memoryTemperatureCelsius(long device) throws NvmlException {
        NvmlFieldValue fv = new NvmlFieldValue();
        fv.fieldId = FI_DEV_MEMORY_TEMP;
        check("nvmlDeviceGetFieldValues", () -> nvml.nvmlDeviceGetFieldValues(ptr(device), 1, fv));
        if (fv.nvmlReturn != NvmlReturn.SUCCESS) {
            throw new NvmlException("nvmlDeviceGetFieldValues(NVML_FI_DEV_MEMORY_TEMP)", fv.nvmlReturn);
        }
        return switch (fv.valueType) {
            case VALUE_TYPE_DOUBLE -> Math.round(Double.longBitsToDouble(fv.value));
            case VALUE_TYPE_UNSIGNED_INT -> fv.value & 0xFFFF_FFFFL;
            case VALUE_TYPE_SIGNED_INT -> (int) fv.value;
            case VALUE_TYPE_UNSIGNED_SHORT -> fv.value & 0xFFFFL;
            default -> fv.value;
        };
    }

    @Override
    public long clockMegahertz(long device, int clockType) throws NvmlException {
        return uint("nvmlDeviceGetClockInfo", r -> nvml.nvmlDeviceGetClockInfo(ptr(device), clockType, r));
    }

    @Override
    public long maxClockMegahertz(long device, int clockType) throws NvmlException {
        return uint("nvmlDeviceGetMaxClockInfo", r -> nvml.nvmlDeviceGetMaxClockInfo(ptr(device), clockType, r));
    }

    @Override
    public long fanSpeedPercent(long device) throws NvmlException {
        return uint("nvmlDeviceGetFanSpeed", r -> nvml.nvmlDeviceGetFanSpeed(ptr(device), r));
    }

    @Override
    public int performanceState(long device) throws NvmlException {
        return (int) uint("nvmlDeviceGetPerformanceState", r -> nvml.nvmlDeviceGetPerformanceState(ptr(device), r));
    }

    @Override
    public long clockEventReasons(long device) throws NvmlException {
        LongByReference ref = new LongByReference();
        int rc = timed(() -> nvml.nvmlDeviceGetCurrentClocksEventReasons(ptr(device), ref));
        if (rc == NvmlReturn.FUNCTION_NOT_FOUND) {
            // Drivers before R535 only have the old name for the same bitmask.
            check(
                    "nvmlDeviceGetCurrentClocksThrottleReasons",
                    () -> nvml.nvmlDeviceGetCurrentClocksThrottleReasons(ptr(device), ref));
        } else if (rc != NvmlReturn.SUCCESS) {
            throw new NvmlException("nvmlDeviceGetCurrentClocksEventReasons", rc);
        }
        return ref.getValue();
    }

    @Override
    public int[] utilizationPercent(long device) throws NvmlException {
        NvmlUtilization u = new NvmlUtilization();
        check("nvmlDeviceGetUtilizationRates", () -> nvml.nvmlDeviceGetUtilizationRates(ptr(device), u));
        return new int[] {u.gpu, u.memory};
    }

    @Override
    public long encoderUtilizationPercent(long device) throws NvmlException {
        IntByReference period = new IntByReference();
        return uint(
                "nvmlDeviceGetEncoderUtilization", r -> nvml.nvmlDeviceGetEncoderUtilization(ptr(device), r, period));
    }

    @Override
    public long decoderUtilizationPercent(long device) throws NvmlException {
        IntByReference period = new IntByReference();
        return uint(
                "nvmlDeviceGetDecoderUtilization", r -> nvml.nvmlDeviceGetDecoderUtilization(ptr(device), r, period));
    }

    @Override
    public boolean eccEnabled(long device) throws NvmlException {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        check("nvmlDeviceGetEccMode", () -> nvml.nvmlDeviceGetEccMode(ptr(device), current, pending));
        return current.getValue() == 1;
    }

    @Override
    public long eccErrorCount(long device, boolean uncorrected) throws NvmlException {
        LongByReference ref = new LongByReference();
        // NVML_AGGREGATE_ECC (1): lifetime counts, which survive driver reloads.
        check(
                "nvmlDeviceGetTotalEccErrors",
                () -> nvml.nvmlDeviceGetTotalEccErrors(ptr(device), uncorrected ? 1 : 0, 1, ref));
        return ref.getValue();
    }

    @Override
    public long retiredPageCount(long device, boolean doubleBit) throws NvmlException {
        IntByReference count = new IntByReference(0);
        int rc = timed(() -> nvml.nvmlDeviceGetRetiredPages(ptr(device), doubleBit ? 1 : 0, count, null));
        if (rc != NvmlReturn.SUCCESS && rc != NvmlReturn.INSUFFICIENT_SIZE) {
            throw new NvmlException("nvmlDeviceGetRetiredPages", rc);
        }
        return Integer.toUnsignedLong(count.getValue());
    }

    @Override
    public long[] remappedRows(long device) throws NvmlException {
        IntByReference corr = new IntByReference();
        IntByReference unc = new IntByReference();
        IntByReference pending = new IntByReference();
        IntByReference failure = new IntByReference();
        check(
                "nvmlDeviceGetRemappedRows",
                () -> nvml.nvmlDeviceGetRemappedRows(ptr(device), corr, unc, pending, failure));
        return new long[] {
            Integer.toUnsignedLong(corr.getValue()),
            Integer.toUnsignedLong(unc.getValue()),
            Integer.toUnsignedLong(pending.getValue()),
            Integer.toUnsignedLong(failure.getValue())
        };
    }

    @Override
    public long pcieLinkGeneration(long device) throws NvmlException {
        return uint(
                "nvmlDeviceGetCurrPcieLinkGeneration", r -> nvml.nvmlDeviceGetCurrPcieLinkGeneration(ptr(device), r));
    }

    @Override
    public long pcieLinkWidth(long device) throws NvmlException {
        return uint("nvmlDeviceGetCurrPcieLinkWidth", r -> nvml.nvmlDeviceGetCurrPcieLinkWidth(ptr(device), r));
    }

    @Override
    public long maxPcieLinkGeneration(long device) throws NvmlException {
        return uint("nvmlDeviceGetMaxPcieLinkGeneration", r -> nvml.nvmlDeviceGetMaxPcieLinkGeneration(ptr(device), r));
    }

    @Override
    public long maxPcieLinkWidth(long device) throws NvmlException {
        return uint("nvmlDeviceGetMaxPcieLinkWidth", r -> nvml.nvmlDeviceGetMaxPcieLinkWidth(ptr(device), r));
    }

    @Override
    public long pcieThroughputKilobytesPerSecond(long device, boolean receive) throws NvmlException {
        return uint(
                "nvmlDeviceGetPcieThroughput", r -> nvml.nvmlDeviceGetPcieThroughput(ptr(device), receive ? 1 : 0, r));
    }

    @Override
    public List<ProcessInfo> runningProcesses(long device, boolean graphics) throws NvmlException {
        String function =
                graphics ? "nvmlDeviceGetGraphicsRunningProcesses_v3" : "nvmlDeviceGetComputeRunningProcesses_v3";
        IntByReference count = new IntByReference(0);
        int rc = timed(() -> graphics
                ? nvml.nvmlDeviceGetGraphicsRunningProcesses_v3(ptr(device), count, null)
                : nvml.nvmlDeviceGetComputeRunningProcesses_v3(ptr(device), count, null));
        if (rc == NvmlReturn.SUCCESS && count.getValue() == 0) {
            return List.of();
        }
        if (rc != NvmlReturn.SUCCESS && rc != NvmlReturn.INSUFFICIENT_SIZE) {
            throw new NvmlException(function, rc);
        }
        // Processes may start between the two calls: leave headroom.
        int capacity = Math.clamp(count.getValue() + 8L, 1, MAX_PROCESSES);
        NvmlProcessInfo first = new NvmlProcessInfo();
        NvmlProcessInfo[] infos = (NvmlProcessInfo[]) first.toArray(capacity);
        IntByReference size = new IntByReference(capacity);
        check(
                function,
                () -> graphics
                        ? nvml.nvmlDeviceGetGraphicsRunningProcesses_v3(ptr(device), size, first)
                        : nvml.nvmlDeviceGetComputeRunningProcesses_v3(ptr(device), size, first));
        int n = Math.min(size.getValue(), capacity);
        List<ProcessInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            infos[i].read();
            long used = infos[i].usedGpuMemory;
            // NVML_VALUE_NOT_AVAILABLE (-1 as unsigned long long) when the driver cannot attribute memory.
            out.add(new ProcessInfo(
                    Integer.toUnsignedLong(infos[i].pid),
                    used,
                    Integer.toUnsignedLong(infos[i].gpuInstanceId),
                    Integer.toUnsignedLong(infos[i].computeInstanceId)));
        }
        return out;
    }

    @Override
    public List<ProcessUtilization> processUtilization(long device, long lastSeenMicros) throws NvmlException {
        IntByReference count = new IntByReference(0);
        int rc = timed(() -> nvml.nvmlDeviceGetProcessUtilization(ptr(device), null, count, lastSeenMicros));
        if (rc == NvmlReturn.NOT_FOUND || (rc == NvmlReturn.SUCCESS && count.getValue() == 0)) {
            return List.of();
        }
        if (rc != NvmlReturn.SUCCESS && rc != NvmlReturn.INSUFFICIENT_SIZE) {
            throw new NvmlException("nvmlDeviceGetProcessUtilization", rc);
        }
        int capacity = Math.clamp(count.getValue() + 8L, 1, MAX_PROCESSES);
        NvmlProcessUtilizationSample first = new NvmlProcessUtilizationSample();
        Structure[] samples = first.toArray(capacity);
        IntByReference size = new IntByReference(capacity);
        int rc2 = timed(() -> nvml.nvmlDeviceGetProcessUtilization(ptr(device), first, size, lastSeenMicros));
        if (rc2 == NvmlReturn.NOT_FOUND) {
            return List.of();
        }
        if (rc2 != NvmlReturn.SUCCESS) {
            throw new NvmlException("nvmlDeviceGetProcessUtilization", rc2);
        }
        int n = Math.min(size.getValue(), capacity);
        List<ProcessUtilization> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NvmlProcessUtilizationSample s = (NvmlProcessUtilizationSample) samples[i];
            s.read();
            out.add(new ProcessUtilization(
                    Integer.toUnsignedLong(s.pid), s.timeStamp, s.smUtil, s.memUtil, s.encUtil, s.decUtil));
        }
        return out;
    }

    @Override
    public int[] migMode(long device) throws NvmlException {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        check("nvmlDeviceGetMigMode", () -> nvml.nvmlDeviceGetMigMode(ptr(device), current, pending));
        return new int[] {current.getValue(), pending.getValue()};
    }

    @Override
    public int maxMigDeviceCount(long device) throws NvmlException {
        return (int) uint("nvmlDeviceGetMaxMigDeviceCount", r -> nvml.nvmlDeviceGetMaxMigDeviceCount(ptr(device), r));
    }

    @Override
    public Optional<Long> migDeviceHandle(long device, int index) throws NvmlException {
        PointerByReference ref = new PointerByReference();
        int rc = timed(() -> nvml.nvmlDeviceGetMigDeviceHandleByIndex(ptr(device), index, ref));
        if (rc == NvmlReturn.NOT_FOUND || rc == NvmlReturn.INVALID_ARGUMENT) {
            return Optional.empty();
        }
        if (rc != NvmlReturn.SUCCESS) {
            throw new NvmlException("nvmlDeviceGetMigDeviceHandleByIndex", rc);
        }
        return Optional.of(Pointer.nativeValue(ref.getValue()));
    }

    @Override
    public long gpuInstanceId(long migDevice) throws NvmlException {
        return uint("nvmlDeviceGetGpuInstanceId", r -> nvml.nvmlDeviceGetGpuInstanceId(ptr(migDevice), r));
    }

    @Override
    public long computeInstanceId(long migDevice) throws NvmlException {
        return uint("nvmlDeviceGetComputeInstanceId", r -> nvml.nvmlDeviceGetComputeInstanceId(ptr(migDevice), r));
    }

    @Override
    public long eventSetCreate() throws NvmlException {
        PointerByReference ref = new PointerByReference();
        check("nvmlEventSetCreate", () -> nvml.nvmlEventSetCreate(ref));
        return Pointer.nativeValue(ref.getValue());
    }

    @Override
    public void eventSetFree(long set) {
        timed(() -> nvml.nvmlEventSetFree(ptr(set)));
    }

    @Override
    public long supportedEventTypes(long device) throws NvmlException {
        LongByReference ref = new LongByReference();
        check("nvmlDeviceGetSupportedEventTypes", () -> nvml.nvmlDeviceGetSupportedEventTypes(ptr(device), ref));
        return ref.getValue();
    }

    @Override
    public void registerEvents(long device, long eventTypes, long set) throws NvmlException {
        check("nvmlDeviceRegisterEvents", () -> nvml.nvmlDeviceRegisterEvents(ptr(device), eventTypes, ptr(set)));
    }

    @Override
    public Optional<EventData> eventWait(long set, int timeoutMillis) throws NvmlException {
        NvmlEventData data = new NvmlEventData();
        // Not timed: it blocks by design and would swamp the latency statistics.
        int rc;
        try {
            rc = nvml.nvmlEventSetWait_v2(ptr(set), data, timeoutMillis);
        } catch (UnsatisfiedLinkError missing) {
            rc = NvmlReturn.FUNCTION_NOT_FOUND;
        }
        if (rc == NvmlReturn.TIMEOUT) {
            return Optional.empty();
        }
        if (rc != NvmlReturn.SUCCESS) {
            throw new NvmlException("nvmlEventSetWait_v2", rc);
        }
        return Optional.of(new EventData(
                Pointer.nativeValue(data.device),
                data.eventType,
                data.eventData,
                Integer.toUnsignedLong(data.gpuInstanceId),
                Integer.toUnsignedLong(data.computeInstanceId)));
    }

    @Override
    public CallStats drainCallStats() {
        return new CallStats(calls.getAndSet(0), totalNanos.getAndSet(0), maxNanos.getAndSet(0));
    }
}
