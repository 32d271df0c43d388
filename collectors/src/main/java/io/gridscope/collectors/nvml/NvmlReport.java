package io.gridscope.collectors.nvml;

import io.gridscope.collectors.CollectorUnavailableException;
import io.gridscope.collectors.JsonText;
import io.gridscope.collectors.host.HostIdentity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * What NVML reports on this machine: versions, every GPU with its static facts and supported fields, or the reason
 * NVML is not usable. Produced by one collection pass of {@link NvmlCollector}, so it says exactly what the collector
 * would read. Immutable; rendered as text for people and JSON for machines.
 */
public record NvmlReport(
        boolean available, String library, String reason, NvmlSystemInfo system, List<GpuDeviceStatus> devices) {
    public NvmlReport {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(system, "system");
        devices = List.copyOf(devices);
    }

    /** Loads NVML (if it can), runs one pass, shuts NVML down again. Never throws for a missing driver. */
    public static NvmlReport inspect(HostIdentity host, Supplier<NvmlLoader.Result> loader) {
        NvmlLoader.Result result = loader.get();
        if (!result.available()) {
            return new NvmlReport(false, result.library(), result.reason(), NvmlSystemInfo.UNKNOWN, List.of());
        }
        NvmlCollector collector = new NvmlCollector(host, () -> result, Clock.systemUTC(), null, 100);
        try {
            collector.collect(Clock.systemUTC().millis());
            return new NvmlReport(true, result.library(), "", collector.systemInfo(), collector.devices());
        } catch (CollectorUnavailableException e) {
            return new NvmlReport(false, result.library(), e.getMessage(), collector.systemInfo(), collector.devices());
        } finally {
            collector.close();
        }
    }

    /** A human-readable report. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (!available) {
            sb.append("NVML unavailable: ").append(reason).append('\n');
            if (devices.isEmpty()) {
                return sb.toString();
            }
        }
        sb.append("NVML library: ").append(library).append('\n');
        sb.append("Driver: ")
                .append(system.driverVersion().orElse("N/A"))
                .append("  NVML: ")
                .append(system.nvmlVersion().orElse("N/A"))
                .append("  CUDA driver API: ")
                .append(system.cudaDriverVersion().orElse("N/A"))
                .append('\n');
        sb.append("GPUs: ").append(devices.size()).append('\n');
        for (GpuDeviceStatus d : devices) {
            GpuInfo g = d.info();
            sb.append('\n')
                    .append("GPU ")
                    .append(g.index())
                    .append(": ")
                    .append(g.name())
                    .append(d.lost() ? "  [LOST: fell off the bus]" : "")
                    .append('\n');
            for (Map.Entry<String, Object> e : facts(g).entrySet()) {
                sb.append(String.format("  %-28s %s%n", e.getKey(), e.getValue()));
            }
            for (GpuInfo.MigInfo m : g.migDevices()) {
                sb.append("  MIG ")
                        .append(m.migUuid())
                        .append("  profile=")
                        .append(m.profile().orElse("N/A"))
                        .append(" gi=")
                        .append(text(m.gpuInstanceId()))
                        .append(" ci=")
                        .append(text(m.computeInstanceId()))
                        .append(" memory_total_bytes=")
                        .append(text(m.memoryTotalBytes()))
                        .append('\n');
            }
            List<String> supported = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            d.fields().forEach((field, status) -> {
                if (GpuDeviceStatus.SUPPORTED.equals(status)) {
                    supported.add(field);
                } else {
                    absent.add(field + " (" + status + ")");
                }
            });
            sb.append("  supported fields: ")
                    .append(supported.isEmpty() ? "none" : String.join(", ", supported))
                    .append('\n');
            sb.append("  not available:    ")
                    .append(absent.isEmpty() ? "none" : String.join(", ", absent))
                    .append('\n');
        }
        return sb.toString();
    }

    private static Map<String, Object> facts(GpuInfo g) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("uuid", g.uuid());
        m.put("serial", text(g.serial()));
        m.put("pci_bus_id", text(g.pciBusId()));
        m.put("board_part_number", text(g.boardPartNumber()));
        m.put("vbios_version", text(g.vbiosVersion()));
        m.put("memory_total_bytes", text(g.memoryTotalBytes()));
        m.put("power_limit_min_watts", text(g.powerLimitMinWatts()));
        m.put("power_limit_max_watts", text(g.powerLimitMaxWatts()));
        m.put("power_limit_default_watts", text(g.powerLimitDefaultWatts()));
        m.put("temperature_shutdown_celsius", text(g.temperatureShutdownCelsius()));
        m.put("temperature_slowdown_celsius", text(g.temperatureSlowdownCelsius()));
        m.put("temperature_gpu_max_celsius", text(g.temperatureGpuMaxCelsius()));
        m.put("temperature_memory_max_celsius", text(g.temperatureMemoryMaxCelsius()));
        m.put("max_sm_clock_hertz", text(g.maxSmClockHertz()));
        m.put("max_memory_clock_hertz", text(g.maxMemoryClockHertz()));
        m.put("max_graphics_clock_hertz", text(g.maxGraphicsClockHertz()));
        m.put("max_pcie_link_generation", text(g.maxPcieLinkGeneration()));
        m.put("max_pcie_link_width", text(g.maxPcieLinkWidth()));
        m.put("mig_enabled", text(g.migEnabled()));
        m.put("ecc_enabled", text(g.eccEnabled()));
        return m;
    }

    private static String text(Optional<?> o) {
        return o.map(String::valueOf).orElse("N/A");
    }

    private static String text(OptionalLong o) {
        return o.isPresent() ? Long.toString(o.getAsLong()) : "N/A";
    }

    private static String text(OptionalDouble o) {
        return o.isPresent() ? Double.toString(o.getAsDouble()) : "N/A";
    }

    /** The report as one JSON object; absent values are {@code null}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("{\"available\":").append(available).append(",\"library\":");
        str(sb, library);
        sb.append(",\"reason\":");
        str(sb, available ? null : reason);
        sb.append(",\"driver_version\":");
        str(sb, system.driverVersion().orElse(null));
        sb.append(",\"nvml_version\":");
        str(sb, system.nvmlVersion().orElse(null));
        sb.append(",\"cuda_driver_version\":");
        str(sb, system.cudaDriverVersion().orElse(null));
        sb.append(",\"devices\":[");
        for (int i = 0; i < devices.size(); i++) {
            GpuDeviceStatus d = devices.get(i);
            GpuInfo g = d.info();
            sb.append(i == 0 ? "" : ",").append("{\"index\":").append(g.index()).append(",\"name\":");
            str(sb, g.name());
            sb.append(",\"lost\":").append(d.lost());
            for (Map.Entry<String, Object> e : facts(g).entrySet()) {
                sb.append(',');
                str(sb, e.getKey());
                sb.append(':');
                json(sb, e.getValue());
            }
            sb.append(",\"mig_devices\":[");
            for (int j = 0; j < g.migDevices().size(); j++) {
                GpuInfo.MigInfo m = g.migDevices().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"mig_uuid\":");
                str(sb, m.migUuid());
                sb.append(",\"profile\":");
                json(sb, m.profile().orElse("N/A"));
                sb.append(",\"gpu_instance_id\":");
                json(sb, text(m.gpuInstanceId()));
                sb.append(",\"compute_instance_id\":");
                json(sb, text(m.computeInstanceId()));
                sb.append(",\"memory_total_bytes\":");
                json(sb, text(m.memoryTotalBytes()));
                sb.append('}');
            }
            sb.append("],\"fields\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : d.fields().entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                str(sb, e.getKey());
                sb.append(':');
                str(sb, e.getValue());
            }
            sb.append("}}");
        }
        return sb.append("]}").toString();
    }

    /** Numbers and booleans bare, "N/A" as null, everything else as a string. */
    private static void json(StringBuilder sb, Object value) {
        String s = String.valueOf(value);
        if (s.equals("N/A")) {
            sb.append("null");
        } else if (s.equals("true") || s.equals("false") || s.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            sb.append(s);
        } else {
            str(sb, s);
        }
    }

    private static void str(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"').append(JsonText.escape(s)).append('"');
    }
}
