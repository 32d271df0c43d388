package io.gridscope.collectors.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA bindings to the subset of {@code nvml.h} Gridscope uses: declarations and struct layouts only, no logic.
 * Every function returns an {@code nvmlReturn_t} ({@link NvmlReturn}); {@code nvmlDevice_t} and
 * {@code nvmlEventSet_t} are opaque pointers. {@code unsigned} values arrive in Java {@code int}/{@code long} and
 * must be read with {@link Integer#toUnsignedLong}.
 *
 * <p>Loaded once by {@link NvmlLoader}. Functions that an older driver lacks fail with {@link UnsatisfiedLinkError}
 * at call time; {@link JnaNvmlApi} turns that into {@link NvmlReturn#FUNCTION_NOT_FOUND}.
 */
public interface NvmlNative extends Library {
    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlSystemGetNVMLVersion(byte[] version, int length);

    int nvmlSystemGetCudaDriverVersion_v2(IntByReference cudaDriverVersion);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetIndex(Pointer device, IntByReference index);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetSerial(Pointer device, byte[] serial, int length);

    int nvmlDeviceGetBoardPartNumber(Pointer device, byte[] partNumber, int length);

    int nvmlDeviceGetVbiosVersion(Pointer device, byte[] version, int length);

    int nvmlDeviceGetPciInfo_v3(Pointer device, NvmlPciInfo pci);

    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemory memory);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, NvmlMemoryV2 memory);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetPowerManagementDefaultLimit(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetPowerManagementLimitConstraints(
            Pointer device, IntByReference minMilliwatts, IntByReference maxMilliwatts);

    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference millijoules);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference celsius);

    int nvmlDeviceGetTemperatureThreshold(Pointer device, int thresholdType, IntByReference celsius);

    int nvmlDeviceGetFieldValues(Pointer device, int valuesCount, NvmlFieldValue values);

    int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference megahertz);

    int nvmlDeviceGetMaxClockInfo(Pointer device, int clockType, IntByReference megahertz);

    int nvmlDeviceGetFanSpeed(Pointer device, IntByReference percent);

    int nvmlDeviceGetPerformanceState(Pointer device, IntByReference pState);

    int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference reasons);

    int nvmlDeviceGetCurrentClocksThrottleReasons(Pointer device, LongByReference reasons);

    int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilization utilization);

    int nvmlDeviceGetEncoderUtilization(Pointer device, IntByReference percent, IntByReference samplingPeriodUs);

    int nvmlDeviceGetDecoderUtilization(Pointer device, IntByReference percent, IntByReference samplingPeriodUs);

    int nvmlDeviceGetEccMode(Pointer device, IntByReference current, IntByReference pending);

    int nvmlDeviceGetTotalEccErrors(Pointer device, int errorType, int counterType, LongByReference count);

    int nvmlDeviceGetRetiredPages(Pointer device, int cause, IntByReference pageCount, long[] addresses);

    int nvmlDeviceGetRemappedRows(
            Pointer device,
            IntByReference correctableRows,
            IntByReference uncorrectableRows,
            IntByReference isPending,
            IntByReference failureOccurred);

    int nvmlDeviceGetCurrPcieLinkGeneration(Pointer device, IntByReference generation);

    int nvmlDeviceGetCurrPcieLinkWidth(Pointer device, IntByReference width);

    int nvmlDeviceGetMaxPcieLinkGeneration(Pointer device, IntByReference generation);

    int nvmlDeviceGetMaxPcieLinkWidth(Pointer device, IntByReference width);

    int nvmlDeviceGetPcieThroughput(Pointer device, int counter, IntByReference kilobytesPerSecond);

    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, NvmlProcessInfo infos);

    int nvmlDeviceGetGraphicsRunningProcesses_v3(Pointer device, IntByReference infoCount, NvmlProcessInfo infos);

    int nvmlDeviceGetProcessUtilization(
            Pointer device,
            NvmlProcessUtilizationSample utilization,
            IntByReference processSamplesCount,
            long lastSeenTimeStamp);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    int nvmlDeviceGetGpuInstanceId(Pointer device, IntByReference id);

    int nvmlDeviceGetComputeInstanceId(Pointer device, IntByReference id);

    int nvmlEventSetCreate(PointerByReference set);

    int nvmlEventSetFree(Pointer set);

    int nvmlDeviceGetSupportedEventTypes(Pointer device, LongByReference eventTypes);

    int nvmlDeviceRegisterEvents(Pointer device, long eventTypes, Pointer set);

    int nvmlEventSetWait_v2(Pointer set, NvmlEventData data, int timeoutMs);

    /** {@code nvmlMemory_t}: bytes; on R510+ drivers {@code used} includes reserved memory. */
    @FieldOrder({"total", "free", "used"})
    class NvmlMemory extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /** {@code nvmlMemory_v2_t}: bytes, with reserved memory apart; {@code version} must be {@link #VERSION}. */
    @FieldOrder({"version", "total", "reserved", "free", "used"})
    class NvmlMemoryV2 extends Structure {
        /** {@code NVML_STRUCT_VERSION(Memory, 2)}: sizeof(nvmlMemory_v2_t) = 40, version 2 in the top byte. */
        public static final int VERSION = 40 | (2 << 24);

        public int version = VERSION;
        public long total;
        public long reserved;
        public long free;
        public long used;
    }

    /** {@code nvmlUtilization_t}: percent of the last sample period. */
    @FieldOrder({"gpu", "memory"})
    class NvmlUtilization extends Structure {
        public int gpu;
        public int memory;
    }

    /** {@code nvmlPciInfo_t} (v3 layout). */
    @FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
    class NvmlPciInfo extends Structure {
        public byte[] busIdLegacy = new byte[16];
        public int domain;
        public int bus;
        public int device;
        public int pciDeviceId;
        public int pciSubSystemId;
        public byte[] busId = new byte[32];
    }

    /** {@code nvmlProcessInfo_t} as filled by the {@code _v3} process queries. */
    @FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    class NvmlProcessInfo extends Structure {
        public int pid;
        public long usedGpuMemory;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /** {@code nvmlProcessUtilizationSample_t}: timestamp in microseconds, utilisations in percent. */
    @FieldOrder({"pid", "timeStamp", "smUtil", "memUtil", "encUtil", "decUtil"})
    class NvmlProcessUtilizationSample extends Structure {
        public int pid;
        public long timeStamp;
        public int smUtil;
        public int memUtil;
        public int encUtil;
        public int decUtil;
    }

    /** {@code nvmlEventData_t}. */
    @FieldOrder({"device", "eventType", "eventData", "gpuInstanceId", "computeInstanceId"})
    class NvmlEventData extends Structure {
        public Pointer device;
        public long eventType;
        public long eventData;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /** {@code nvmlFieldValue_t}; {@code value} is the 8-byte {@code nvmlValue_t} union read per {@code valueType}. */
    @FieldOrder({"fieldId", "scopeId", "timestamp", "latencyUsec", "valueType", "nvmlReturn", "value"})
    class NvmlFieldValue extends Structure {
        public int fieldId;
        public int scopeId;
        public long timestamp;
        public long latencyUsec;
        public int valueType;
        public int nvmlReturn;
        public long value;
    }
}
