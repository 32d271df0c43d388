package io.gridscope.collectors.prometheus.query;

import io.gridscope.collectors.model.Labels;
import io.gridscope.collectors.model.MetricKind;
import io.gridscope.collectors.model.Sample;
import io.gridscope.collectors.model.SeriesId;
import io.gridscope.collectors.model.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Preset PromQL that reads node_exporter and dcgm-exporter series from a Prometheus server under Gridscope's own
 * series names, so dashboards can show remote hosts' and GPUs' history without copying it. Each preset's query
 * renames labels so the result carries Gridscope's identities: {@code host} (from {@code instance}) for hosts,
 * {@code gpu_uuid} (from dcgm-exporter's {@code UUID}) and {@code host} (from {@code Hostname}) for GPUs. DCGM blank
 * sentinels (≥ 9.2e18, int32 and fp64 blanks) are filtered in the query itself.
 *
 * <p>Rate-based presets use {@code rate()} over a window of 4 × step (at least 1 m) so they cope with counter
 * resets and with dcgm-exporter's 30 s default collection interval.
 *
 * @param metric   the Gridscope series name the preset produces
 * @param template PromQL with {@code $window} standing for the rate window
 */
public record RemoteSeries(String metric, Unit unit, MetricKind kind, String template) {
    private static final String NOT_BLANK = " < 2147483632";
    private static final String NOT_BLANK_LARGE = " < 9.2e18 != 140737488355328";

    public RemoteSeries {
        Objects.requireNonNull(metric);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(template);
        new SeriesId(metric, Labels.EMPTY, unit, kind); // validates the name against its unit
    }

    private static String host(String expr) {
        return "label_replace(" + expr + ", \"host\", \"$1\", \"instance\", \"(.*)\")";
    }

    private static String gpu(String expr) {
        return "label_replace(label_replace(" + expr + ", \"gpu_uuid\", \"$1\", \"UUID\", \"(.+)\"),"
                + " \"host\", \"$1\", \"Hostname\", \"(.+)\")";
    }

    /** Host series from node_exporter. */
    public static final List<RemoteSeries> NODE_EXPORTER = List.of(
            new RemoteSeries("host_cpu_utilization_ratio", Unit.RATIO, MetricKind.GAUGE, host(
                    "label_replace(1 - sum by (instance) (rate(node_cpu_seconds_total{mode=~\"idle|iowait\"}[$window]))"
                            + " / sum by (instance) (rate(node_cpu_seconds_total[$window])), \"cpu\", \"total\", \"\", \"\")")),
            new RemoteSeries("host_memory_total_bytes", Unit.BYTES, MetricKind.GAUGE,
                    host("node_memory_MemTotal_bytes")),
            new RemoteSeries("host_memory_available_bytes", Unit.BYTES, MetricKind.GAUGE,
                    host("node_memory_MemAvailable_bytes")),
            new RemoteSeries("host_memory_used_bytes", Unit.BYTES, MetricKind.GAUGE,
                    host("node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes")),
            new RemoteSeries("host_network_receive_bytes_per_second", Unit.BYTES_PER_SECOND, MetricKind.GAUGE,
                    host("rate(node_network_receive_bytes_total[$window])")),
            new RemoteSeries("host_network_transmit_bytes_per_second", Unit.BYTES_PER_SECOND, MetricKind.GAUGE,
                    host("rate(node_network_transmit_bytes_total[$window])")));

    /** GPU series from dcgm-exporter. */
    public static final List<RemoteSeries> DCGM_EXPORTER = List.of(
            new RemoteSeries("gpu_utilization_ratio", Unit.RATIO, MetricKind.GAUGE,
                    gpu("(DCGM_FI_DEV_GPU_UTIL" + NOT_BLANK + ") / 100")),
            new RemoteSeries("gpu_power_watts", Unit.WATTS, MetricKind.GAUGE,
                    gpu("DCGM_FI_DEV_POWER_USAGE" + NOT_BLANK_LARGE)),
            new RemoteSeries("gpu_energy_joules_total", Unit.JOULES, MetricKind.COUNTER,
                    gpu("(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION" + NOT_BLANK_LARGE + ") / 1000")),
            new RemoteSeries("gpu_temperature_celsius", Unit.CELSIUS, MetricKind.GAUGE,
                    gpu("DCGM_FI_DEV_GPU_TEMP" + NOT_BLANK)),
            new RemoteSeries("gpu_memory_used_bytes", Unit.BYTES, MetricKind.GAUGE,
                    gpu("(DCGM_FI_DEV_FB_USED" + NOT_BLANK + ") * 1048576")));

    /** The preset producing {@code metric}, if any. */
    public static Optional<RemoteSeries> forMetric(String metric) {
        return java.util.stream.Stream.concat(NODE_EXPORTER.stream(), DCGM_EXPORTER.stream())
                .filter(r -> r.metric.equals(metric)).findFirst();
    }

    /** The PromQL for a given step. */
    public String promql(Duration step) {
        long windowSeconds = Math.max(60, 4 * Math.max(1, step.toSeconds()));
        return template.replace("$window", windowSeconds + "s");
    }

    /** Runs the preset as a range query and converts the matrix into Gridscope samples; NaN and ±Inf are absent. */
    public List<Sample> history(PromQueryClient client, Instant start, Instant end, Duration step)
            throws PromQueryException {
        QueryResponse response = client.queryRange(promql(step), start, end, step);
        if (!(response.data() instanceof QueryData.Matrix matrix)) {
            throw new PromQueryException(PromQueryException.ErrorType.BAD_RESPONSE, 200,
                    "expected a matrix for " + metric + ", got " + response.data().getClass().getSimpleName());
        }
        List<Sample> out = new ArrayList<>();
        for (QueryData.RangeSeries series : matrix.series()) {
            SeriesId id = new SeriesId(metric, identity(series.metric()), unit, kind);
            for (QueryData.Point p : series.points()) {
                if (Double.isFinite(p.value())) {
                    out.add(new Sample(id, p.epochMillis(), p.value()));
                }
            }
        }
        return out;
    }

    /** Keeps the identity labels Gridscope keys on and drops the exporter's own ones. */
    static Labels identity(Map<String, String> metric) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : List.of("host", "gpu_uuid", "cpu", "device", "mig_instance")) {
            String v = metric.get(name);
            if (v != null) {
                keep.put(name, v);
            }
        }
        String mig = metric.get("GPU_I_ID");
        if (mig != null && !keep.containsKey("mig_instance")) {
            keep.put("mig_instance", mig);
        }
        return Labels.of(keep);
    }
}
