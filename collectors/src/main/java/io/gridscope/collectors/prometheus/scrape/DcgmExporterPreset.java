package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps dcgm-exporter's {@code DCGM_FI_*} gauges onto Gridscope's GPU series. A GPU is identified by its UUID
 * ({@code UUID} label → {@code gpu_uuid}), so the same GPU seen locally through NVML and remotely through
 * dcgm-exporter is one GPU; MIG instances keep {@code GPU_I_ID} as {@code mig_instance}. {@code host} is the
 * exporter's {@code Hostname} label, else the target's instance. DCGM blank sentinels ({@link DcgmBlanks}) are
 * absent. dcgm-exporter refreshes every 30 s by default: its series have at best that resolution.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>dcgm-exporter</th><th>Gridscope</th><th>conversion</th></tr>
 *   <tr><td>DCGM_FI_DEV_GPU_UTIL (%)</td><td>gpu_utilization_ratio</td><td>÷ 100</td></tr>
 *   <tr><td>DCGM_FI_DEV_MEM_COPY_UTIL (%)</td><td>gpu_memory_utilization_ratio</td><td>÷ 100</td></tr>
 *   <tr><td>DCGM_FI_DEV_POWER_USAGE (W)</td><td>gpu_power_watts</td><td>—</td></tr>
 *   <tr><td>DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ)</td><td>gpu_energy_joules_total (counter)</td><td>÷ 1000</td></tr>
 *   <tr><td>DCGM_FI_DEV_GPU_TEMP (°C)</td><td>gpu_temperature_celsius</td><td>—</td></tr>
 *   <tr><td>DCGM_FI_DEV_MEMORY_TEMP (°C)</td><td>gpu_memory_temperature_celsius</td><td>—</td></tr>
 *   <tr><td>DCGM_FI_DEV_FB_USED / FB_FREE (MiB)</td><td>gpu_memory_used_bytes / gpu_memory_free_bytes</td><td>× 2^20</td></tr>
 *   <tr><td>DCGM_FI_DEV_SM_CLOCK / MEM_CLOCK (MHz)</td><td>gpu_sm_clock_hertz / gpu_memory_clock_hertz</td><td>× 10^6</td></tr>
 * </table>
 * XIDs ({@code DCGM_FI_DEV_XID_ERRORS}) are deliberately not mapped: the exporter's gauge is sticky and hides repeats.
 * Stateless.
 */
public final class DcgmExporterPreset implements ScrapePreset {
    private record Mapping(String metric, Unit unit, MetricKind kind, double factor) {}

    private static Mapping mapping(String dcgmName) {
        return switch (dcgmName) {
            case "DCGM_FI_DEV_GPU_UTIL" -> new Mapping("gpu_utilization_ratio", Unit.RATIO, MetricKind.GAUGE, 0.01);
            case "DCGM_FI_DEV_MEM_COPY_UTIL" ->
                new Mapping("gpu_memory_utilization_ratio", Unit.RATIO, MetricKind.GAUGE, 0.01);
            case "DCGM_FI_DEV_POWER_USAGE" -> new Mapping("gpu_power_watts", Unit.WATTS, MetricKind.GAUGE, 1);
            case "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" ->
                new Mapping("gpu_energy_joules_total", Unit.JOULES, MetricKind.COUNTER, 0.001);
            case "DCGM_FI_DEV_GPU_TEMP" -> new Mapping("gpu_temperature_celsius", Unit.CELSIUS, MetricKind.GAUGE, 1);
            case "DCGM_FI_DEV_MEMORY_TEMP" ->
                new Mapping("gpu_memory_temperature_celsius", Unit.CELSIUS, MetricKind.GAUGE, 1);
            case "DCGM_FI_DEV_FB_USED" -> new Mapping("gpu_memory_used_bytes", Unit.BYTES, MetricKind.GAUGE, 1048576);
            case "DCGM_FI_DEV_FB_FREE" -> new Mapping("gpu_memory_free_bytes", Unit.BYTES, MetricKind.GAUGE, 1048576);
            case "DCGM_FI_DEV_SM_CLOCK" -> new Mapping("gpu_sm_clock_hertz", Unit.HERTZ, MetricKind.GAUGE, 1e6);
            case "DCGM_FI_DEV_MEM_CLOCK" -> new Mapping("gpu_memory_clock_hertz", Unit.HERTZ, MetricKind.GAUGE, 1e6);
            default -> null;
        };
    }

    @Override
    public List<Sample> map(ScrapeTarget target, ScrapeResult result) {
        List<Sample> out = new ArrayList<>();
        for (ParsedSample s : result.samples()) {
            Mapping m = mapping(s.name());
            if (m == null || DcgmBlanks.isBlank(s.value())) {
                continue;
            }
            String uuid = s.label("UUID");
            if (uuid == null || uuid.isEmpty()) {
                continue; // without a UUID the reading cannot be attributed to a GPU
            }
            String hostname = s.label("Hostname");
            Labels labels = Labels.of(
                    "gpu_uuid", uuid, "host", hostname == null || hostname.isEmpty() ? target.instance() : hostname);
            String mig = s.label("GPU_I_ID");
            if (mig != null && !mig.isEmpty()) {
                labels = labels.with("mig_instance", mig);
            }
            long t = s.hasTimestamp() ? s.timestampMillis() : result.epochMillis();
            out.add(new Sample(new SeriesId(m.metric(), labels, m.unit(), m.kind()), t, s.value() * m.factor()));
        }
        return out;
    }
}
