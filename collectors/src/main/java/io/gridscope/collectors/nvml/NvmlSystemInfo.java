package io.gridscope.collectors.nvml;

import java.util.Optional;

/**
 * Driver-wide versions. {@code cudaDriverVersion} is formatted as {@code major.minor} (e.g. {@code 12.8}).
 */
public record NvmlSystemInfo(
        Optional<String> driverVersion, Optional<String> nvmlVersion, Optional<String> cudaDriverVersion) {
    public static final NvmlSystemInfo UNKNOWN =
            new NvmlSystemInfo(Optional.empty(), Optional.empty(), Optional.empty());
}
