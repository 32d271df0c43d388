package io.gridscope.collectors.host;

import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-device rate series (one label names the device: an interface, a disk): turns cumulative counters into
 * samples through {@link CounterRates}, with the series ids built once per device (validating names and labels
 * every pass would cost more than reading the counters). Not thread-safe; one per collector.
 */
final class RateSeries {
    private final Labels base;
    private final String label;
    private final String[] metrics;
    private final Unit[] units;
    private final CounterRates rates = new CounterRates();
    private final Map<String, SeriesId[]> series = new HashMap<>();

    RateSeries(Labels base, String label, String[] metrics, Unit[] units) {
        if (metrics.length != units.length) {
            throw new IllegalArgumentException("one unit per metric");
        }
        this.base = base;
        this.label = label;
        this.metrics = metrics.clone();
        this.units = units.clone();
    }

    /** Rates per second for one device's counters, in metric order; NaN where there is no trustworthy value. */
    double[] rates(String device, long timestampMillis, long... counters) {
        return rates.update(device, timestampMillis, counters);
    }

    /** Adds one sample per non-NaN value, in metric order. */
    void emit(List<Sample> out, String device, double[] values, long epochMillis) {
        SeriesId[] ids = series.computeIfAbsent(device, d -> {
            Labels labels = base.with(label, d);
            SeriesId[] a = new SeriesId[metrics.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = SeriesId.gauge(metrics[i], units[i], labels);
            }
            return a;
        });
        for (int i = 0; i < values.length && i < ids.length; i++) {
            if (!Double.isNaN(values[i])) {
                out.add(new Sample(ids[i], epochMillis, values[i]));
            }
        }
    }

    /** Forgets devices that are gone. */
    void retain(Set<String> devices) {
        rates.retain(devices);
        series.keySet().retainAll(devices);
    }

    int size() {
        return series.size();
    }
}
