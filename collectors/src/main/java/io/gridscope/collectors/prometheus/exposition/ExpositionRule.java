package io.gridscope.collectors.prometheus.exposition;

/**
 * The rules an exposition payload can break, each with the place in its specification that states it and whether
 * Prometheus' own scrape ingests a payload that breaks it.
 *
 * <p>{@link #prometheusAccepts()} was read off Prometheus' parsers ({@code model/textparse/promparse.go} and
 * {@code promlex.l} for text, {@code openmetricsparse.go} and {@code openmetricslex.l} for OpenMetrics) and its
 * scrape loop ({@code scrape/scrape.go}): the parsers check the grammar, metric types, UTF-8 of HELP text and label
 * values, the {@code # EOF} terminator and the OpenMetrics unit suffix, and a scrape fails when storage refuses a
 * label set that repeats a label name; nothing else. Ordering, repetition of metadata, value ranges and the
 * consistency of histograms, summaries, statesets and info metrics are not checked, and an over-long exemplar is
 * dropped with its sample kept. The OpenMetrics sections are those of OpenMetrics 1.0; the text format's are those
 * of Prometheus' "Exposition formats" document (text format 0.0.4).
 *
 * <p>Observed on Prometheus 2.42 (Debian) scraping a loopback server: a series repeated in one scrape (same name and
 * label set, no timestamp) keeps its first sample and the later ones are dropped, the scrape succeeding; a raw line
 * feed inside a quoted label value is part of the value in text and fails an OpenMetrics scrape; quoted UTF-8 metric
 * and label names (Prometheus 3's {@code {"my.metric"}}) fail the scrape in both formats, whatever the Content-Type.
 */
public enum ExpositionRule {
    // ------------------------------------------------------------------ OpenMetrics 1.0
    OM_UTF8(ExpositionFormat.OPENMETRICS, "Overall Structure", "UTF-8 MUST be used", false),
    OM_SYNTAX(ExpositionFormat.OPENMETRICS, "ABNF", "every line MUST follow the text format's ABNF", false),
    OM_COMMENT(
            ExpositionFormat.OPENMETRICS,
            "MetricFamily metadata",
            "aside from the metadata and the EOF line, lines MUST NOT begin with a #",
            false),
    OM_EOF(ExpositionFormat.OPENMETRICS, "Overall Structure", "expositions MUST end with '# EOF'", false),
    OM_AFTER_EOF(ExpositionFormat.OPENMETRICS, "ABNF", "nothing may follow the '# EOF' line", false),
    OM_LABEL_TRAILING_COMMA(
            ExpositionFormat.OPENMETRICS, "ABNF", "a label set has no comma before its closing brace", true),
    OM_LABEL_UNIQUE(ExpositionFormat.OPENMETRICS, "LabelSet", "label names MUST be unique within a LabelSet", false),
    OM_NUMBER(
            ExpositionFormat.OPENMETRICS,
            "Numbers",
            "a value is a decimal integer or float, +Inf, -Inf or NaN that fits a 64-bit float",
            false),
    OM_TIMESTAMP(ExpositionFormat.OPENMETRICS, "Timestamps", "timestamps MUST be finite Unix Epoch seconds", false),
    OM_TYPE(
            ExpositionFormat.OPENMETRICS,
            "Type",
            "valid types are unknown, gauge, counter, stateset, info, histogram, gaugehistogram and summary",
            false),
    OM_METADATA_ONCE(
            ExpositionFormat.OPENMETRICS,
            "MetricFamily metadata",
            "there MUST NOT be more than one of each type of metadata line for a MetricFamily",
            true),
    OM_METADATA_FIRST(
            ExpositionFormat.OPENMETRICS,
            "ABNF",
            "a MetricFamily's TYPE, UNIT and HELP lines come before its samples",
            true),
    OM_FAMILY_UNIQUE(
            ExpositionFormat.OPENMETRICS,
            "MetricFamily",
            "MetricFamily names MUST be unique, MUST NOT clash with another family's sample names, and families"
                    + " MUST NOT be interleaved",
            true),
    OM_UNIT_SUFFIX(
            ExpositionFormat.OPENMETRICS,
            "Unit",
            "a non-empty unit MUST be a suffix of the MetricFamily name separated by an underscore",
            false),
    OM_UNIT_EMPTY(
            ExpositionFormat.OPENMETRICS,
            "StateSet, Info",
            "MetricFamilies of type StateSet and Info MUST have an empty Unit string",
            true),
    OM_METRIC_INTERLEAVED(ExpositionFormat.OPENMETRICS, "Metric", "Metrics MUST NOT be interleaved", true),
    OM_SERIES_UNIQUE(
            ExpositionFormat.OPENMETRICS,
            "MetricFamily",
            "every Metric within a MetricFamily MUST have a unique LabelSet (a sample without a timestamp repeats"
                    + " one only by breaking this)",
            true),
    OM_TIMESTAMP_ORDER(
            ExpositionFormat.OPENMETRICS,
            "Metric",
            "the MetricPoints of a Metric MUST have monotonically increasing timestamps",
            true),
    OM_COUNTER_TOTAL(
            ExpositionFormat.OPENMETRICS,
            "Counter",
            "a Total is a non-NaN and MUST be monotonically non-decreasing over time, starting from 0",
            true),
    OM_HISTOGRAM_VALUES(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "Sum, Count and bucket values are counters so MUST NOT be NaN or negative",
            true),
    OM_HISTOGRAM_SUM_WITH_NEGATIVE_BUCKETS(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "negative threshold buckets MAY be used, but then the Histogram MetricPoint MUST NOT contain a sum"
                    + " value",
            true),
    OM_HISTOGRAM_INF(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "Histogram MetricPoints MUST have one bucket with an +Inf threshold",
            true),
    OM_HISTOGRAM_CUMULATIVE(ExpositionFormat.OPENMETRICS, "Histogram", "buckets MUST be cumulative", true),
    OM_HISTOGRAM_ORDER(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "buckets MUST be sorted in number increasing order of \"le\", each threshold once",
            true),
    OM_HISTOGRAM_COUNT(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "if and only if a Sum is present, the +Inf bucket's value MUST also appear as _count (_gcount)",
            true),
    OM_HISTOGRAM_LE(
            ExpositionFormat.OPENMETRICS,
            "Histogram",
            "every bucket MUST have a threshold (its \"le\" label), and thresholds MUST NOT equal NaN",
            true),
    OM_CANONICAL_NUMBERS(
            ExpositionFormat.OPENMETRICS,
            "Numbers: Canonical Numbers",
            "\"le\" and \"quantile\" values follow the canonical numbers; positive infinity is written +Inf",
            true),
    OM_GAUGEHISTOGRAM_VALUES(
            ExpositionFormat.OPENMETRICS,
            "GaugeHistogram",
            "bucket values MUST NOT be negative or NaN; Gsum MUST NOT be NaN and MAY be negative only with"
                    + " negative threshold buckets",
            true),
    OM_SUMMARY_VALUES(
            ExpositionFormat.OPENMETRICS,
            "Summary",
            "Count and Sum values are counters so MUST NOT be NaN or negative",
            true),
    OM_QUANTILE(
            ExpositionFormat.OPENMETRICS,
            "Summary",
            "a quantile sample has a \"quantile\" label between 0 and 1 inclusive, and quantile values MUST NOT be"
                    + " negative",
            true),
    OM_STATESET(
            ExpositionFormat.OPENMETRICS,
            "StateSet",
            "each State's sample MUST have a label named after the MetricFamily and the value 1 (true) or 0"
                    + " (false)",
            true),
    OM_INFO(ExpositionFormat.OPENMETRICS, "Info", "the Sample value MUST always be 1", true),
    OM_EXEMPLAR_PLACE(
            ExpositionFormat.OPENMETRICS,
            "Exemplars",
            "exemplars MAY be attached only to a Counter's Total and to histogram buckets",
            true),
    OM_EXEMPLAR_LENGTH(
            ExpositionFormat.OPENMETRICS,
            "Exemplars",
            "the combined length of an Exemplar's label names and values MUST NOT exceed 128 UTF-8 code points",
            true),

    // ------------------------------------------------------------------ Prometheus text 0.0.4
    TEXT_UTF8(ExpositionFormat.PROMETHEUS_TEXT, "Basic info", "HELP text and label values are UTF-8", false),
    TEXT_COMMENT_UTF8(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Basic info",
            "the encoding is UTF-8 (a free comment line is skipped unread by Prometheus)",
            true),
    TEXT_SYNTAX(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Text format details",
            "a sample line is metric_name [\"{\" label_name \"=\" '\"' label_value '\"' {\",\" ...} [\",\"] \"}\"]"
                    + " value [timestamp]",
            false),
    TEXT_LABEL_COMMA(
            ExpositionFormat.PROMETHEUS_TEXT, "Text format details", "label pairs are separated by commas", true),
    TEXT_LABEL_VALUE_NEWLINE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Text format details",
            "in a label value, backslash, double-quote and line feed are written escaped as \\\\, \\\" and \\n",
            true),
    TEXT_SERIES_UNIQUE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Text format details",
            "a metric name and label set appear on one sample line only (without timestamps, a second one is a"
                    + " second value for the same series and time)",
            true),
    TEXT_LABEL_UNIQUE(
            ExpositionFormat.PROMETHEUS_TEXT, "Text format details", "a label name appears once in a sample", false),
    TEXT_VALUE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Text format details",
            "value is a float as Go's ParseFloat() reads it, or NaN, +Inf, -Inf",
            false),
    TEXT_TIMESTAMP(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Text format details",
            "the timestamp is an int64 (milliseconds since epoch)",
            false),
    TEXT_METADATA(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "HELP is followed by a metric name and the docstring; TYPE by exactly a metric name and a type",
            false),
    TEXT_METADATA_AS_COMMENT(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "HELP is followed by a metric name and the docstring; TYPE by exactly a metric name and a type"
                    + " (Prometheus reads '#HELP', '#TYPE' and a bare '# HELP' or '# TYPE' as free comments)",
            true),
    TEXT_TYPE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "the type is counter, gauge, histogram, summary or untyped",
            false),
    TEXT_HELP_ONCE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "only one HELP line may exist for any given metric name",
            true),
    TEXT_TYPE_ONCE(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "only one TYPE line may exist for a given metric name",
            true),
    TEXT_TYPE_FIRST(
            ExpositionFormat.PROMETHEUS_TEXT,
            "Comments, help text, and type information",
            "the TYPE line for a metric name must appear before the first sample is reported for that metric name",
            true),

    // ------------------------------------------------------------------ Gridscope's own bounds
    /** Not a rule of either format: the parser's bound on a line's length. */
    LINE_LIMIT(null, "Gridscope limit", "a line is at most the configured number of bytes", false),
    /** Not a rule of either format: the source's sample limit (Prometheus' {@code sample_limit} fails too). */
    SAMPLE_LIMIT(null, "Gridscope limit", "a payload holds at most the configured number of samples", false);

    private final ExpositionFormat format;
    private final String section;
    private final String requirement;
    private final boolean prometheusAccepts;

    ExpositionRule(ExpositionFormat format, String section, String requirement, boolean prometheusAccepts) {
        this.format = format;
        this.section = section;
        this.requirement = requirement;
        this.prometheusAccepts = prometheusAccepts;
    }

    /** The format whose rule this is; null for Gridscope's own limits. */
    public ExpositionFormat format() {
        return format;
    }

    /** Where the rule is written: "OpenMetrics 1.0, Histogram", "Prometheus text format 0.0.4, Basic info". */
    public String citation() {
        if (format == null) {
            return section;
        }
        return (format == ExpositionFormat.OPENMETRICS ? "OpenMetrics 1.0, " : "Prometheus text format 0.0.4, ")
                + section;
    }

    /** The rule itself, in the specification's words where it has them. */
    public String requirement() {
        return requirement;
    }

    /** Whether Prometheus' scrape ingests a payload that breaks this rule (and no other). */
    public boolean prometheusAccepts() {
        return prometheusAccepts;
    }

    /** {@code OpenMetrics 1.0, Histogram: buckets MUST be cumulative}. */
    public String describe() {
        return citation() + ": " + requirement;
    }
}
