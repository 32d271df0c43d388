package io.gridscope.collectors.nvml;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A process using a GPU, as of one collection pass. Immutable.
 *
 * <p>The PID is a host PID (also for processes inside containers). {@code usedGpuMemoryBytes} is absent when NVML
 * cannot attribute memory (e.g. without permission or under some virtualisation). Utilisation ratios (0..1) are
 * present only when NVML produced a sample for the process since the previous pass. User, command line, cgroup and
 * container come from {@code /proc} and are absent when the process is not visible (another PID namespace, exited).
 *
 * @param gpuUuid           the physical GPU
 * @param migUuid           the MIG instance the process runs in, if any
 * @param kind              compute, graphics, or both
 * @param containerId       a Docker/containerd/CRI-O id parsed from the cgroup path
 */
public record GpuProcess(
        String gpuUuid,
        Optional<String> migUuid,
        long pid,
        Kind kind,
        OptionalLong usedGpuMemoryBytes,
        OptionalDouble smUtilizationRatio,
        OptionalDouble memoryUtilizationRatio,
        OptionalDouble encoderUtilizationRatio,
        OptionalDouble decoderUtilizationRatio,
        Optional<String> user,
        Optional<String> commandLine,
        Optional<String> cgroup,
        Optional<String> containerId) {

    public enum Kind {
        COMPUTE,
        GRAPHICS,
        COMPUTE_AND_GRAPHICS
    }

    public GpuProcess {
        Objects.requireNonNull(gpuUuid, "gpuUuid");
        Objects.requireNonNull(migUuid, "migUuid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(usedGpuMemoryBytes, "usedGpuMemoryBytes");
        Objects.requireNonNull(smUtilizationRatio, "smUtilizationRatio");
        Objects.requireNonNull(memoryUtilizationRatio, "memoryUtilizationRatio");
        Objects.requireNonNull(encoderUtilizationRatio, "encoderUtilizationRatio");
        Objects.requireNonNull(decoderUtilizationRatio, "decoderUtilizationRatio");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(containerId, "containerId");
    }
}
