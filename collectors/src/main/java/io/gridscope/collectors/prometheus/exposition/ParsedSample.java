package io.gridscope.collectors.prometheus.exposition;

import io.gridscope.model.Labels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sample line as exposed. Immutable.
 *
 * <p>Timestamps are normalised to epoch milliseconds (OpenMetrics writes seconds, Prometheus text milliseconds);
 * seconds beyond the range of a {@code long} of milliseconds saturate. Label values are unescaped; an empty label
 * value is kept here (the model's {@link Labels} drops it, as Prometheus does).
 */
public final class ParsedSample {
    private final MetricFamilyInfo family;
    private final String name;
    private final String[] labelPairs;
    private final double value;
    private final boolean hasTimestamp;
    private final long timestampMillis;
    private final Exemplar exemplar;
    private final long line;

    ParsedSample(
            MetricFamilyInfo family,
            String name,
            String[] labelPairs,
            double value,
            boolean hasTimestamp,
            long timestampMillis,
            Exemplar exemplar,
            long line) {
        this.family = Objects.requireNonNull(family);
        this.name = Objects.requireNonNull(name);
        this.labelPairs = labelPairs;
        this.value = value;
        this.hasTimestamp = hasTimestamp;
        this.timestampMillis = timestampMillis;
        this.exemplar = exemplar;
        this.line = line;
    }

    /** The family this sample belongs to (e.g. {@code http_requests} for {@code http_requests_total}). */
    public MetricFamilyInfo family() {
        return family;
    }

    /** The sample's own name, with any suffix ({@code _total}, {@code _bucket}...). */
    public String name() {
        return name;
    }

    /** The suffix of {@link #name()} after the family name ({@code ""}, {@code _total}, {@code _bucket}...). */
    public String suffix() {
        return name.startsWith(family.name()) ? name.substring(family.name().length()) : "";
    }

    public int labelCount() {
        return labelPairs.length / 2;
    }

    public String labelName(int i) {
        return labelPairs[2 * i];
    }

    public String labelValue(int i) {
        return labelPairs[2 * i + 1];
    }

    /** The value of a label, or null when it is not present. */
    public String label(String labelName) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (labelPairs[i].equals(labelName)) {
                return labelPairs[i + 1];
            }
        }
        return null;
    }

    /** Labels in exposition order. */
    public Map<String, String> labelMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            map.put(labelPairs[i], labelPairs[i + 1]);
        }
        return map;
    }

    /** The labels as the model's sorted {@link Labels} (empty values dropped). */
    public Labels labels() {
        return labelPairs.length == 0 ? Labels.EMPTY : Labels.of(labelMap());
    }

    public double value() {
        return value;
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** Epoch milliseconds; meaningful only when {@link #hasTimestamp()}. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** The exemplar, or null. */
    public Exemplar exemplar() {
        return exemplar;
    }

    /** The 1-based line of the payload this sample was read from. */
    public long line() {
        return line;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        if (labelPairs.length > 0) {
            sb.append(Arrays.toString(labelPairs));
        }
        sb.append(' ').append(value);
        if (hasTimestamp) {
            sb.append(" @").append(timestampMillis);
        }
        return sb.toString();
    }
}
