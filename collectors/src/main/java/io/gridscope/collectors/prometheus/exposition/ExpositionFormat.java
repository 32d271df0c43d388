package io.gridscope.collectors.prometheus.exposition;

import java.util.Locale;

/**
 * The two text formats Gridscope reads. Selected from an HTTP {@code Content-Type}, a CLI flag, or detected from the
 * payload's last line ({@code # EOF} marks OpenMetrics).
 */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4: lenient whitespace, free comments, blank lines, millisecond timestamps. */
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    /** OpenMetrics 1.0 text: strict single spaces, {@code # EOF} terminator, second timestamps, exemplars. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The media type with parameters, as sent by exporters and used in {@code Accept}. */
    public String contentType() {
        return contentType;
    }

    /**
     * The format named by a response's {@code Content-Type}. Anything that is not {@code application/openmetrics-text}
     * (including a missing header or {@code text/plain} without a version) is read as Prometheus text, which is what
     * exporters that ignore {@code Accept} send.
     */
    public static ExpositionFormat fromContentType(String contentType) {
        if (contentType == null) {
            return PROMETHEUS_TEXT;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS_TEXT;
    }
}
