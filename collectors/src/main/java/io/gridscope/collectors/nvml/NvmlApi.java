package io.gridscope.collectors.nvml;

import java.util.List;
import java.util.Optional;

/**
 * The NVML operations the GPU collector needs, in Java terms and free of JNA: device and event-set handles are opaque
 * {@code long}s, units are those of NVML (milliwatts, millijoules, MHz, percent, KB/s, bytes), and every failure is
 * an {@link NvmlException} carrying the {@code nvmlReturn_t}. {@link JnaNvmlApi} is the production implementation;
 * the collector maps return codes to "absent" or a status, so it can be exercised against any implementation.
 *
 * <p>Thread safety: NVML itself is thread-safe; implementations must be too (the event thread waits while the
 * collector thread samples).
 */
public interface NvmlApi {
    /** {@code nvmlInit_v2}. */
    void init() throws NvmlException;

    /** {@code nvmlShutdown}; errors are ignored (nothing useful can be done about them). */
    void shutdown();

    String driverVersion() throws NvmlException;

    String nvmlVersion() throws NvmlException;

    /** CUDA driver API version as an integer, e.g. {@code 12080} for 12.8. */
    int cudaDriverVersion() throws NvmlException;

    int deviceCount() throws NvmlException;

    long deviceHandle(int index) throws NvmlException;

    String name(long device) throws NvmlException;

    String uuid(long device) throws NvmlException;

    String serial(long device) throws NvmlException;

    String boardPartNumber(long device) throws NvmlException;

    String vbiosVersion(long device) throws NvmlException;

    /** The PCI bus id, e.g. {@code 00000000:18:00.0}. */
    String pciBusId(long device) throws NvmlException;

    /** Memory in bytes; {@code reservedBytes} is −1 when only the v1 query worked (then "used" includes it). */
    record MemoryInfo(long totalBytes, long reservedBytes, long freeBytes, long usedBytes) {
        public boolean hasReserved() {
            return reservedBytes >= 0;
        }
    }

    /** {@code nvmlDeviceGetMemoryInfo_v2}, falling back to v1 where the driver lacks it. */
    MemoryInfo memoryInfo(long device) throws NvmlException;

    long powerUsageMilliwatts(long device) throws NvmlException;

    long enforcedPowerLimitMilliwatts(long device) throws NvmlException;

    long defaultPowerLimitMilliwatts(long device) throws NvmlException;

    /** {@code [min, max]} in milliwatts. */
    long[] powerLimitConstraintsMilliwatts(long device) throws NvmlException;

    /** Millijoules since the driver was last loaded (Volta and newer). */
    long totalEnergyMillijoules(long device) throws NvmlException;

    /** {@code NVML_TEMPERATURE_GPU}. */
    long gpuTemperatureCelsius(long device) throws NvmlException;

    /** {@code nvmlTemperatureThresholds_t}: 0 shutdown, 1 slowdown, 2 memory max, 3 GPU max. */
    long temperatureThresholdCelsius(long device, int thresholdType) throws NvmlException;

    /** Memory temperature through {@code NVML_FI_DEV_MEMORY_TEMP}. */
    long memoryTemperatureCelsius(long device) throws NvmlException;

    /** {@code nvmlClockType_t}: 0 graphics, 1 SM, 2 memory, 3 video. */
    long clockMegahertz(long device, int clockType) throws NvmlException;

    long maxClockMegahertz(long device, int clockType) throws NvmlException;

    long fanSpeedPercent(long device) throws NvmlException;

    /** 0 (P0, maximum performance) to 15; 32 is "unknown". */
    int performanceState(long device) throws NvmlException;

    /** The {@code nvmlClocksEventReasons} bitmask (the older "throttle reasons" call where the new one is missing). */
    long clockEventReasons(long device) throws NvmlException;

    /** {@code [gpu, memory]} percent. */
    int[] utilizationPercent(long device) throws NvmlException;

    long encoderUtilizationPercent(long device) throws NvmlException;

    long decoderUtilizationPercent(long device) throws NvmlException;

    boolean eccEnabled(long device) throws NvmlException;

    /** Aggregate (lifetime) ECC errors; {@code uncorrected} false = corrected (single-bit). */
    long eccErrorCount(long device, boolean uncorrected) throws NvmlException;

    /** Retired page count; {@code doubleBit} false = multiple single-bit errors. */
    long retiredPageCount(long device, boolean doubleBit) throws NvmlException;

    /** {@code [correctable, uncorrectable, pending, failureOccurred]}. */
    long[] remappedRows(long device) throws NvmlException;

    long pcieLinkGeneration(long device) throws NvmlException;

    long pcieLinkWidth(long device) throws NvmlException;

    long maxPcieLinkGeneration(long device) throws NvmlException;

    long maxPcieLinkWidth(long device) throws NvmlException;

    /** Blocks about 20 ms. {@code receive} true = RX, false = TX; KB/s. */
    long pcieThroughputKilobytesPerSecond(long device, boolean receive) throws NvmlException;

    /** A running process; {@code usedGpuMemoryBytes} −1 when NVML could not say. */
    record ProcessInfo(long pid, long usedGpuMemoryBytes, long gpuInstanceId, long computeInstanceId) {}

    /** {@code graphics} false = compute processes. */
    List<ProcessInfo> runningProcesses(long device, boolean graphics) throws NvmlException;

    /** A per-process utilisation sample; {@code timestampMicros} is NVML's CPU timestamp. */
    record ProcessUtilization(
            long pid, long timestampMicros, int smPercent, int memoryPercent, int encoderPercent, int decoderPercent) {}

    /** Samples newer than {@code lastSeenMicros}; empty when there are none ({@code NVML_ERROR_NOT_FOUND}). */
    List<ProcessUtilization> processUtilization(long device, long lastSeenMicros) throws NvmlException;

    /** {@code [current, pending]}, 1 = enabled. */
    int[] migMode(long device) throws NvmlException;

    int maxMigDeviceCount(long device) throws NvmlException;

    /** Empty when no MIG device exists at that index. */
    Optional<Long> migDeviceHandle(long device, int index) throws NvmlException;

    long gpuInstanceId(long migDevice) throws NvmlException;

    long computeInstanceId(long migDevice) throws NvmlException;

    long eventSetCreate() throws NvmlException;

    void eventSetFree(long set);

    long supportedEventTypes(long device) throws NvmlException;

    void registerEvents(long device, long eventTypes, long set) throws NvmlException;

    /** An event as {@code nvmlEventData_t}; instance ids are 0xFFFFFFFF when not on a MIG instance. */
    record EventData(long device, long eventType, long eventData, long gpuInstanceId, long computeInstanceId) {}

    /** Waits up to {@code timeoutMillis}; empty on {@code NVML_ERROR_TIMEOUT}. */
    Optional<EventData> eventWait(long set, int timeoutMillis) throws NvmlException;

    /** Call count and cumulative latency since the last reset, for self-metrics. */
    record CallStats(long calls, long totalNanos, long maxNanos) {}

    /** Returns the statistics gathered since the previous call and starts a new window. */
    CallStats drainCallStats();
}
