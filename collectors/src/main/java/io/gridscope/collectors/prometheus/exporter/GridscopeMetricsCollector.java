package io.gridscope.collectors.prometheus.exporter;

import io.gridscope.model.MetricKind;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes the latest Gridscope samples through the Prometheus Java client. Series names get a {@code gridscope_}
 * prefix ({@code gpu_power_watts} → {@code gridscope_gpu_power_watts}, {@code gpu_energy_joules_total} →
 * {@code gridscope_gpu_energy_joules_total}, a counter); labels ({@code gpu_uuid}, {@code host}...) are kept as they
 * are. Gauges stay gauges, counters counters. Samples carry no timestamp: the scraping Prometheus stamps them.
 * Each family's HELP line says what the metric means ({@link MetricHelp}).
 *
 * <p>The prefix follows Prometheus' naming practice of one application prefix per exporter: in a fleet Prometheus
 * that also scrapes node_exporter, dcgm-exporter or other tools, {@code gridscope_host_cpu_utilization_ratio} says
 * which tool measured it and cannot collide with another exporter's {@code host_*} series. The history keeps the
 * names without the prefix ({@code ./gridscope query host_cpu_utilization_ratio}); names that already start with
 * {@code gridscope_} (Gridscope's own cost) are exported as they are stored.
 *
 * <p>Thread-safe; {@link #collect()} is called on the HTTP server's threads.
 */
public final class GridscopeMetricsCollector implements MultiCollector {
    public static final String PREFIX = "gridscope_";
    private static final Logger log = LoggerFactory.getLogger(GridscopeMetricsCollector.class);

    private final LatestValuesSink values;

    public GridscopeMetricsCollector(LatestValuesSink values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** The exported name of a Gridscope metric. */
    public static String exportedName(String metric) {
        return metric.startsWith(PREFIX) ? metric : PREFIX + metric;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<Sample>> byName = new TreeMap<>();
        for (Sample s : values.current()) {
            byName.computeIfAbsent(exportedName(s.series().metric()), k -> new ArrayList<>())
                    .add(s);
        }
        List<MetricSnapshot> out = new ArrayList<>(byName.size());
        for (Map.Entry<String, List<Sample>> e : byName.entrySet()) {
            String name = e.getKey();
            List<Sample> samples = e.getValue();
            MetricKind kind = samples.getFirst().series().kind();
            if (samples.stream().anyMatch(s -> s.series().kind() != kind)) {
                log.warn("not exporting {}: its series mix gauges and counters", name);
                continue;
            }
            try {
                out.add(kind == MetricKind.COUNTER ? counter(name, samples) : gauge(name, samples));
            } catch (IllegalArgumentException ex) {
                log.warn("not exporting {}: {}", name, ex.getMessage());
            }
        }
        return new MetricSnapshots(out);
    }

    private static GaugeSnapshot gauge(String name, List<Sample> samples) {
        GaugeSnapshot.Builder b =
                GaugeSnapshot.builder().name(name).help(help(samples.getFirst().series()));
        for (Sample s : samples) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels(s.series()))
                    .value(s.value())
                    .build());
        }
        return b.build();
    }

    private static CounterSnapshot counter(String name, List<Sample> samples) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        CounterSnapshot.Builder b = CounterSnapshot.builder()
                .name(base)
                .help(help(samples.getFirst().series()));
        for (Sample s : samples) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(labels(s.series()))
                    .value(Math.max(0, s.value()))
                    .build());
        }
        return b.build();
    }

    private static Labels labels(SeriesId id) {
        List<String> names = new ArrayList<>(id.labels().size());
        List<String> vals = new ArrayList<>(id.labels().size());
        for (Map.Entry<String, String> l : id.labels()) {
            names.add(l.getKey());
            vals.add(l.getValue());
        }
        return Labels.of(names, vals);
    }

    private static String help(SeriesId id) {
        return MetricHelp.of(id);
    }
}
