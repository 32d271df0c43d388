package io.gridscope.collectors.prometheus.exporter;

import io.gridscope.model.MetricKind;
import io.gridscope.model.SeriesId;
import java.util.Map;
import java.util.Optional;

/**
 * What each metric Gridscope collects means, for the {@code # HELP} line of its own endpoint: one sentence per
 * metric family, with where the value comes from. A metric that is not listed (a future collector's) gets a line
 * built from its kind and unit, never an empty one.
 */
public final class MetricHelp {
    private static final Map<String, String> MEANING = Map.ofEntries(
            // host: CPU and memory (OSHI, /proc)
            Map.entry(
                    "host_cpu_utilization_ratio",
                    "Fraction of CPU time spent busy since the previous pass, 0..1 (cpu = total or a logical CPU; "
                            + "idle and iowait count as not busy)."),
            Map.entry("host_cpu_frequency_hertz", "Current frequency of a logical CPU, where the OS exposes it."),
            Map.entry("host_cpu_temperature_celsius", "CPU temperature, where the machine exposes a sensor."),
            Map.entry("host_fan_speed_rpm", "Fan speed in revolutions per minute, where the machine exposes it."),
            Map.entry("host_load_average", "Run-queue load average over the window (1m, 5m or 15m)."),
            Map.entry("host_context_switches_per_second", "Context switches per second since the previous pass."),
            Map.entry("host_interrupts_per_second", "Interrupts per second since the previous pass."),
            Map.entry("host_memory_total_bytes", "Physical memory of the host."),
            Map.entry(
                    "host_memory_available_bytes",
                    "Memory available to new work without swapping (MemAvailable on Linux)."),
            Map.entry("host_memory_used_bytes", "Memory in use: total minus available."),
            Map.entry("host_swap_total_bytes", "Swap space of the host."),
            Map.entry("host_swap_used_bytes", "Swap space in use."),
            Map.entry("host_info", "Always 1; its labels carry the host's OS, CPU model and machine id."),
            Map.entry(
                    "host_cpu_logical_cores",
                    "Logical CPUs (hardware threads) of the host, as counted when Gridscope started collecting."),
            // host: network, disks, file systems
            Map.entry(
                    "host_network_receive_bytes_per_second",
                    "Bytes received per second on the interface since the previous pass."),
            Map.entry(
                    "host_network_transmit_bytes_per_second",
                    "Bytes sent per second on the interface since the previous pass."),
            Map.entry("host_network_receive_packets_per_second", "Packets received per second on the interface."),
            Map.entry("host_network_transmit_packets_per_second", "Packets sent per second on the interface."),
            Map.entry("host_network_receive_errors_per_second", "Receive errors per second on the interface."),
            Map.entry("host_network_transmit_errors_per_second", "Transmit errors per second on the interface."),
            Map.entry("host_network_receive_drops_per_second", "Received packets dropped per second on the interface."),
            Map.entry(
                    "host_network_transmit_drops_per_second", "Outgoing packets dropped per second on the interface."),
            Map.entry("host_disk_read_bytes_per_second", "Bytes read per second from the disk."),
            Map.entry("host_disk_write_bytes_per_second", "Bytes written per second to the disk."),
            Map.entry("host_disk_reads_per_second", "Read operations per second on the disk (IOPS)."),
            Map.entry("host_disk_writes_per_second", "Write operations per second on the disk (IOPS)."),
            Map.entry("host_disk_busy_ratio", "Fraction of wall time the disk had I/O in flight, 0..1."),
            Map.entry("host_filesystem_size_bytes", "Size of the file system mounted at mountpoint."),
            Map.entry("host_filesystem_used_bytes", "Space used on the file system: size minus free."),
            Map.entry(
                    "host_filesystem_available_bytes",
                    "Space an unprivileged user can still write on the file system (free minus the root reserve)."),
            // host: CPU and DRAM energy (powercap RAPL)
            Map.entry(
                    "host_rapl_energy_joules_total",
                    "Energy of the RAPL zone since Gridscope first read it, wraps included (domain = package, dram, "
                            + "core, uncore or psys; package + dram is the host's CPU and memory energy)."),
            // GPUs (NVML)
            Map.entry(
                    "gpu_utilization_ratio",
                    "Fraction of the last sample period in which a kernel ran on the GPU, 0..1 (NVML)."),
            Map.entry(
                    "gpu_memory_utilization_ratio",
                    "Fraction of the last sample period in which GPU memory was read or written, 0..1 (NVML)."),
            Map.entry("gpu_memory_total_bytes", "Memory of the GPU (NVML)."),
            Map.entry("gpu_memory_used_bytes", "GPU memory allocated by processes (NVML)."),
            Map.entry("gpu_memory_free_bytes", "GPU memory not allocated (NVML)."),
            Map.entry("gpu_memory_reserved_bytes", "GPU memory reserved by the driver and firmware (NVML)."),
            Map.entry("gpu_power_watts", "Power drawn by the GPU (NVML)."),
            Map.entry("gpu_power_limit_watts", "Power limit the GPU is held to (NVML)."),
            Map.entry(
                    "gpu_energy_joules_total",
                    "Energy used by the GPU since the driver was loaded (NVML's counter; estimated=\"true\" when "
                            + "integrated from power)."),
            Map.entry("gpu_temperature_celsius", "GPU core temperature (NVML)."),
            Map.entry("gpu_memory_temperature_celsius", "GPU memory temperature (NVML)."),
            Map.entry(
                    "gpu_temperature_slowdown_celsius",
                    "GPU core temperature at which this GPU slows its clocks down to cool; its own threshold, read"
                            + " once when the GPU is found (NVML)."),
            Map.entry(
                    "gpu_temperature_shutdown_celsius",
                    "GPU core temperature at which this GPU shuts down; its own threshold, read once when the GPU is"
                            + " found (NVML)."),
            Map.entry("gpu_clock_hertz", "Current clock of the GPU domain named by clock (NVML)."),
            Map.entry("gpu_fan_ratio", "GPU fan speed as a fraction of its maximum, 0..1 (NVML)."),
            Map.entry("gpu_pstate", "GPU performance state, 0 (fastest) to 15 (slowest) (NVML)."),
            Map.entry(
                    "gpu_clock_event_active",
                    "1 while the GPU's clocks are held down for the reason named by reason, else 0 (NVML)."),
            Map.entry("gpu_encoder_utilization_ratio", "Fraction of time the video encoder was busy, 0..1 (NVML)."),
            Map.entry("gpu_decoder_utilization_ratio", "Fraction of time the video decoder was busy, 0..1 (NVML)."),
            Map.entry("gpu_ecc_errors_total", "ECC memory errors of the type named by type since boot (NVML)."),
            Map.entry("gpu_retired_pages", "GPU memory pages retired for the cause named by cause (NVML)."),
            Map.entry("gpu_remapped_rows", "GPU memory rows remapped, by type (NVML)."),
            Map.entry("gpu_remapped_rows_pending", "1 when a row remapping waits for a GPU reset, else 0 (NVML)."),
            Map.entry("gpu_remapped_rows_failure", "1 when a row remapping failed, else 0 (NVML)."),
            Map.entry("gpu_pcie_link_generation", "Current PCIe link generation of the GPU (NVML)."),
            Map.entry("gpu_pcie_link_width", "Current PCIe link width (lanes) of the GPU (NVML)."),
            Map.entry("gpu_pcie_receive_bytes_per_second", "Bytes per second received by the GPU over PCIe (NVML)."),
            Map.entry("gpu_pcie_transmit_bytes_per_second", "Bytes per second sent by the GPU over PCIe (NVML)."),
            Map.entry("gpu_process_count", "Processes using the GPU (NVML)."),
            Map.entry("gpu_up", "1 while the GPU answers, 0 while it is lost (NVML)."),
            Map.entry("gpu_info", "Always 1; its labels carry the GPU's name, index and static facts (NVML)."),
            Map.entry(
                    "gpu_user_sm_ratio",
                    "Sum of the SM utilisation of one user's processes in one container on the GPU, 0..1; at most 8 "
                            + "per GPU, the rest as user=\"other\" (NVML per-process samples, /proc)."),
            Map.entry(
                    "gpu_cost_per_day",
                    "What the GPU costs a day at today's run rate, from Gridscope's accounting (estimated)."),
            // Gridscope itself
            Map.entry(
                    "gridscope_collector_pass_duration_seconds",
                    "Wall time of the named collector's last pass in Gridscope."),
            Map.entry("gridscope_nvml_calls", "NVML calls Gridscope made in its last pass."),
            Map.entry(
                    "gridscope_nvml_call_duration_seconds",
                    "Time of one NVML call in Gridscope's last pass (stat = mean or max)."),
            Map.entry("gridscope_scrape_up", "1 when Gridscope's last scrape of the target succeeded, else 0."),
            Map.entry("gridscope_scrape_duration_seconds", "Time Gridscope's last scrape of the target took."),
            Map.entry("gridscope_scrape_samples", "Samples in Gridscope's last scrape of the target."),
            Map.entry("gridscope_history_write_ok", "1 while Gridscope's history writes succeed, 0 while they fail."),
            Map.entry(
                    "gridscope_history_dropped_samples_total",
                    "Samples and events Gridscope's history writer dropped (queue full or write failed)."),
            Map.entry(
                    "gridscope_data_dir_available_bytes",
                    "Bytes free to Gridscope on the file system of its data directory."));

    private MetricHelp() {}

    /** The meaning of {@code metric}, when Gridscope knows it. */
    public static Optional<String> meaning(String metric) {
        return Optional.ofNullable(MEANING.get(metric));
    }

    /** The HELP text of a series: its meaning, else what its kind and unit say. */
    public static String of(SeriesId id) {
        return meaning(id.metric()).orElseGet(() -> {
            String unit =
                    id.unit().suffix().isEmpty() ? "" : ", in " + id.unit().suffix();
            return (id.kind() == MetricKind.COUNTER ? "Counter" : "Gauge") + " collected by Gridscope" + unit + ".";
        });
    }
}
