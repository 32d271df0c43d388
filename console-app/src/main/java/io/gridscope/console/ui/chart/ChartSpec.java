package io.gridscope.console.ui.chart;

import io.gridscope.model.Labels;
import io.gridscope.model.SeriesId;
import java.util.Objects;

/**
 * What one chart shows: the series of {@code metric} whose labels include {@code matchers}, one line per distinct
 * value of {@code lineLabel} (or a single line named {@code singleLineName} when {@code lineLabel} is null).
 *
 * @param scale    stored unit → displayed unit (100 for ratio → %, 1/2³⁰ for bytes → GiB)
 * @param fixedMin lower end of the value axis in displayed units, NaN for automatic
 * @param fixedMax upper end, NaN for automatic
 * @param excludedLabels series carrying any of these labels are not this chart's (e.g. {@code mig_uuid}: a MIG
 *                 instance's memory is not its GPU's)
 */
public record ChartSpec(
        String id,
        String title,
        String unit,
        String metric,
        Labels matchers,
        String lineLabel,
        String singleLineName,
        double scale,
        double fixedMin,
        double fixedMax,
        String tooltip,
        java.util.Set<String> excludedLabels) {
    /** At most this many lines per chart; further series are counted, not drawn. */
    public static final int MAX_LINES = 16;

    public ChartSpec {
        Objects.requireNonNull(id);
        Objects.requireNonNull(metric);
        Objects.requireNonNull(matchers);
        excludedLabels = java.util.Set.copyOf(excludedLabels);
    }

    /** A chart that excludes no label. */
    public ChartSpec(
            String id,
            String title,
            String unit,
            String metric,
            Labels matchers,
            String lineLabel,
            String singleLineName,
            double scale,
            double fixedMin,
            double fixedMax,
            String tooltip) {
        this(
                id,
                title,
                unit,
                metric,
                matchers,
                lineLabel,
                singleLineName,
                scale,
                fixedMin,
                fixedMax,
                tooltip,
                java.util.Set.of());
    }

    public boolean matches(SeriesId s) {
        if (!s.metric().equals(metric)
                || !s.labels().containsAll(matchers)
                || (lineLabel != null && s.labels().get(lineLabel).isEmpty())) {
            return false;
        }
        for (String excluded : excludedLabels) {
            if (s.labels().get(excluded).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** The line a series belongs to. GPU UUIDs are shortened to their first block ("GPU-5a1c2d3e"). */
    public String lineName(SeriesId s) {
        if (lineLabel == null) {
            return singleLineName;
        }
        String v = s.labels().get(lineLabel).orElse("");
        return lineLabel.equals("gpu_uuid") ? shortGpuUuid(v) : v;
    }

    /** "GPU-5a1c2d3e-0000-4000-…" → "GPU-5a1c2d3e": unique in practice, short enough for a legend. */
    public static String shortGpuUuid(String uuid) {
        int dash = uuid.indexOf('-', uuid.startsWith("GPU-") || uuid.startsWith("MIG-") ? 4 : 0);
        return dash > 0 ? uuid.substring(0, dash) : uuid;
    }
}
