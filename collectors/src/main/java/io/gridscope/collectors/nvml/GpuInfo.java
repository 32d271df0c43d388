package io.gridscope.collectors.nvml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A GPU's static facts, read once when the collector first sees the device. Immutable. Anything the device or
 * driver does not report is absent, never 0.
 *
 * @param index                 NVML index (may change across reboots; the UUID does not)
 * @param memoryTotalBytes      framebuffer size
 * @param powerLimitMinWatts    lower bound of the settable power limit
 * @param temperatureShutdownCelsius the temperature at which the GPU shuts down
 * @param migEnabled            current MIG mode, absent on GPUs without MIG
 * @param eccEnabled            current ECC mode, absent where ECC is not supported
 * @param migDevices            MIG instances found when MIG is enabled
 */
public record GpuInfo(
        int index,
        String uuid,
        String name,
        Optional<String> serial,
        Optional<String> pciBusId,
        Optional<String> boardPartNumber,
        Optional<String> vbiosVersion,
        OptionalLong memoryTotalBytes,
        OptionalDouble powerLimitMinWatts,
        OptionalDouble powerLimitMaxWatts,
        OptionalDouble powerLimitDefaultWatts,
        OptionalLong temperatureShutdownCelsius,
        OptionalLong temperatureSlowdownCelsius,
        OptionalLong temperatureGpuMaxCelsius,
        OptionalLong temperatureMemoryMaxCelsius,
        OptionalLong maxSmClockHertz,
        OptionalLong maxMemoryClockHertz,
        OptionalLong maxGraphicsClockHertz,
        OptionalLong maxPcieLinkGeneration,
        OptionalLong maxPcieLinkWidth,
        Optional<Boolean> migEnabled,
        Optional<Boolean> eccEnabled,
        List<MigInfo> migDevices) {

    /**
     * A MIG instance: its UUID, GPU/compute instance ids, memory size, and the name NVML gives its handle
     * ({@code nvmlDeviceGetName}, e.g. "NVIDIA H100 80GB HBM3 MIG 3g.40gb"), from which {@link #profile()} reads the
     * profile.
     */
    public record MigInfo(
            String migUuid,
            OptionalLong gpuInstanceId,
            OptionalLong computeInstanceId,
            OptionalLong memoryTotalBytes,
            Optional<String> name) {
        private static final java.util.regex.Pattern PROFILE =
                java.util.regex.Pattern.compile("(?:^|\\s)MIG\\s+((?:\\d+c\\.)?\\d+g\\.\\d+gb(?:\\+\\w+)*)");

        public MigInfo {
            Objects.requireNonNull(migUuid, "migUuid");
            Objects.requireNonNull(name, "name");
        }

        /**
         * The MIG profile ("1g.10gb", "3g.40gb", "1c.3g.40gb" for a compute instance sharing a GPU instance, "1g.10gb+me"
         * with media extensions), parsed from {@link #name()}; absent when the driver gives no such name.
         */
        public Optional<String> profile() {
            return name.flatMap(MigInfo::parseProfile);
        }

        static Optional<String> parseProfile(String name) {
            java.util.regex.Matcher m = PROFILE.matcher(name);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    public GpuInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        migDevices = List.copyOf(migDevices);
    }
}
