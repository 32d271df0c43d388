package io.gridscope.collectors.prometheus.query;

import io.gridscope.model.Labels;
import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
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
    /** Stands for the extra label matchers (host filter) inside each selector's braces; empty when unfiltered. */
    private static final String SEL = "$sel";

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

    /** Also renames node_exporter's {@code device} to Gridscope's {@code to} ({@code interface} or {@code disk}). */
    private static String host(String expr, String to) {
        return host("label_replace(" + expr + ", \"" + to + "\", \"$1\", \"device\", \"(.+)\")");
    }

    private static String rate(String counter) {
        return "rate(" + counter + "{" + SEL + "}[$window])";
    }

    private static String gpu(String expr) {
        return "label_replace(label_replace(" + expr + ", \"gpu_uuid\", \"$1\", \"UUID\", \"(.+)\"),"
                + " \"host\", \"$1\", \"Hostname\", \"(.+)\")";
    }

    private static String dcgm(String field) {
        return field + "{" + SEL + "}";
    }

    private static RemoteSeries node(String metric, Unit unit, String template) {
        return new RemoteSeries(metric, unit, MetricKind.GAUGE, template);
    }

    private static final String CPU_BUSY = "sum by (instance, cpu) (rate(node_cpu_seconds_total{mode!~\"idle|iowait\","
            + SEL + "}[$window])) / sum by (instance, cpu) (rate(node_cpu_seconds_total{" + SEL + "}[$window]))";

    /** Host series from node_exporter, under the names and labels of the local host collectors. */
    public static final List<RemoteSeries> NODE_EXPORTER = List.of(
            node(
                    "host_cpu_utilization_ratio",
                    Unit.RATIO,
                    host("label_replace(sum by (instance) (rate(node_cpu_seconds_total{mode!~\"idle|iowait\"," + SEL
                            + "}[$window])) / sum by (instance) (rate(node_cpu_seconds_total{" + SEL + "}[$window])),"
                            + " \"cpu\", \"total\", \"\", \"\") or " + CPU_BUSY)),
            node("host_memory_total_bytes", Unit.BYTES, host("node_memory_MemTotal_bytes{" + SEL + "}")),
            node(
                    "host_load_average",
                    Unit.NONE,
                    host("label_replace(node_load1{" + SEL + "}, \"window\", \"1m\", \"\", \"\")"
                            + " or label_replace(node_load5{" + SEL + "}, \"window\", \"5m\", \"\", \"\")"
                            + " or label_replace(node_load15{" + SEL + "}, \"window\", \"15m\", \"\", \"\")")),
            node("host_memory_available_bytes", Unit.BYTES, host("node_memory_MemAvailable_bytes{" + SEL + "}")),
            node(
                    "host_memory_used_bytes",
                    Unit.BYTES,
                    host("node_memory_MemTotal_bytes{" + SEL + "} - node_memory_MemAvailable_bytes{" + SEL + "}")),
            node(
                    "host_network_receive_bytes_per_second",
                    Unit.BYTES_PER_SECOND,
                    host(rate("node_network_receive_bytes_total"), "interface")),
            node(
                    "host_network_transmit_bytes_per_second",
                    Unit.BYTES_PER_SECOND,
                    host(rate("node_network_transmit_bytes_total"), "interface")),
            node(
                    "host_network_receive_errors_per_second",
                    Unit.PER_SECOND,
                    host(rate("node_network_receive_errs_total"), "interface")),
            node(
                    "host_network_transmit_errors_per_second",
                    Unit.PER_SECOND,
                    host(rate("node_network_transmit_errs_total"), "interface")),
            node(
                    "host_disk_read_bytes_per_second",
                    Unit.BYTES_PER_SECOND,
                    host(rate("node_disk_read_bytes_total"), "disk")),
            node(
                    "host_disk_write_bytes_per_second",
                    Unit.BYTES_PER_SECOND,
                    host(rate("node_disk_written_bytes_total"), "disk")),
            node("host_disk_reads_per_second", Unit.PER_SECOND, host(rate("node_disk_reads_completed_total"), "disk")),
            node(
                    "host_disk_writes_per_second",
                    Unit.PER_SECOND,
                    host(rate("node_disk_writes_completed_total"), "disk")),
            node("host_filesystem_size_bytes", Unit.BYTES, host("node_filesystem_size_bytes{" + SEL + "}")),
            node("host_filesystem_available_bytes", Unit.BYTES, host("node_filesystem_avail_bytes{" + SEL + "}")),
            node(
                    "host_filesystem_used_bytes",
                    Unit.BYTES,
                    host("node_filesystem_size_bytes{" + SEL + "} - node_filesystem_free_bytes{" + SEL + "}")));

    /** GPU series from dcgm-exporter. */
    public static final List<RemoteSeries> DCGM_EXPORTER = List.of(
            new RemoteSeries(
                    "gpu_utilization_ratio",
                    Unit.RATIO,
                    MetricKind.GAUGE,
                    gpu("(" + dcgm("DCGM_FI_DEV_GPU_UTIL") + NOT_BLANK + ") / 100")),
            new RemoteSeries(
                    "gpu_power_watts",
                    Unit.WATTS,
                    MetricKind.GAUGE,
                    gpu(dcgm("DCGM_FI_DEV_POWER_USAGE") + NOT_BLANK_LARGE)),
            new RemoteSeries(
                    "gpu_energy_joules_total",
                    Unit.JOULES,
                    MetricKind.COUNTER,
                    gpu("(" + dcgm("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION") + NOT_BLANK_LARGE + ") / 1000")),
            new RemoteSeries(
                    "gpu_temperature_celsius",
                    Unit.CELSIUS,
                    MetricKind.GAUGE,
                    gpu(dcgm("DCGM_FI_DEV_GPU_TEMP") + NOT_BLANK)),
            new RemoteSeries(
                    "gpu_memory_used_bytes",
                    Unit.BYTES,
                    MetricKind.GAUGE,
                    gpu("(" + dcgm("DCGM_FI_DEV_FB_USED") + NOT_BLANK + ") * 1048576")));

    /** Every preset. */
    public static final List<RemoteSeries> ALL = java.util.stream.Stream.concat(
                    NODE_EXPORTER.stream(), DCGM_EXPORTER.stream())
            .toList();

    /** The preset producing {@code metric}, if any. */
    public static Optional<RemoteSeries> forMetric(String metric) {
        return ALL.stream().filter(r -> r.metric.equals(metric)).findFirst();
    }

    /** The PromQL for a given step, over every host. */
    public String promql(Duration step) {
        return promql(step, Optional.empty());
    }

    /**
     * The PromQL for a given step, limited to one host when {@code host} is present (Gridscope's {@code host}: the
     * node_exporter target's {@code instance}, or dcgm-exporter's {@code Hostname}).
     */
    public String promql(Duration step, Optional<String> host) {
        long windowSeconds = Math.max(60, 4 * Math.max(1, step.toSeconds()));
        String sel = host.map(h -> (DCGM_EXPORTER.contains(this) ? "Hostname" : "instance") + "=\"" + escape(h) + "\"")
                .orElse("");
        return template.replace("$window", windowSeconds + "s").replace(SEL, sel);
    }

    /** A PromQL string literal's content: backslash and double quote escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Runs the preset as a range query and converts the matrix into Gridscope samples; NaN and ±Inf are absent. */
    public List<Sample> history(PromQueryClient client, Instant start, Instant end, Duration step)
            throws PromQueryException {
        return history(client, start, end, step, Optional.empty());
    }

    /** Like {@link #history(PromQueryClient, Instant, Instant, Duration)}, for one host when it is present. */
    public List<Sample> history(
            PromQueryClient client, Instant start, Instant end, Duration step, Optional<String> host)
            throws PromQueryException {
        QueryResponse response = client.queryRange(promql(step, host), start, end, step);
        if (!(response.data() instanceof QueryData.Matrix matrix)) {
            throw new PromQueryException(
                    PromQueryException.ErrorType.BAD_RESPONSE,
                    200,
                    "expected a matrix for " + metric + ", got "
                            + response.data().getClass().getSimpleName());
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

    /**
     * The value of every series at {@code at} (an instant query, rates over {@code window}), stamped with the
     * server's evaluation time; NaN and ±Inf are absent.
     */
    public List<Sample> latest(PromQueryClient client, Instant at, Duration window) throws PromQueryException {
        QueryResponse response = client.query(promql(window.dividedBy(4), Optional.empty()), at);
        if (!(response.data() instanceof QueryData.Vector vector)) {
            throw new PromQueryException(
                    PromQueryException.ErrorType.BAD_RESPONSE,
                    200,
                    "expected a vector for " + metric + ", got "
                            + response.data().getClass().getSimpleName());
        }
        List<Sample> out = new ArrayList<>();
        for (QueryData.InstantSample s : vector.samples()) {
            if (Double.isFinite(s.value())) {
                out.add(new Sample(new SeriesId(metric, identity(s.metric()), unit, kind), s.epochMillis(), s.value()));
            }
        }
        return out;
    }

    /** Keeps the identity labels Gridscope keys on and drops the exporter's own ones. */
    static Labels identity(Map<String, String> metric) {
        Map<String, String> keep = new LinkedHashMap<>();
        for (String name : List.of(
                "host",
                "gpu_uuid",
                "cpu",
                "interface",
                "disk",
                "mountpoint",
                "fstype",
                "device",
                "window",
                "mig_instance")) {
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
