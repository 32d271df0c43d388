package io.gridscope.collectors.prometheus.exposition;

import io.gridscope.model.PromNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A streaming reader for Prometheus text 0.0.4 and OpenMetrics 1.0 text.
 *
 * <p>The payload is read line by line from an {@link InputStream}; each line is decoded as strict UTF-8 and parsed
 * by hand (no regular expressions), so memory is bounded by {@link #maxLineBytes()} plus the per-family bookkeeping
 * OpenMetrics validation needs (the label groups seen in the current family and the names of earlier families).
 * Samples are delivered to an {@link ExpositionHandler} as they are read.
 *
 * <p>OpenMetrics mode checks the specification's rules: single spaces, {@code # HELP/TYPE/UNIT} before samples and
 * at most once each, no blank lines, no comments, a final {@code # EOF} with nothing after it, contiguous label
 * groups, non-decreasing timestamps within a group, counter-like values neither negative nor NaN, histogram bucket
 * order and {@code +Inf}/{@code _count}/{@code _sum} consistency, stateset/info values, quantile and {@code le}
 * labels, exemplars only on counter {@code _total} and bucket samples with at most 128 code points of labels,
 * units matching the name, and no family whose sample names clash with another's. Prometheus text mode reads runs
 * of spaces or tabs, trailing commas in label sets, free {@code #} comments (a final {@code # EOF} is one), blank
 * lines, a missing final newline and integer millisecond timestamps, and checks that HELP and TYPE come once per
 * name, TYPE before the name's samples.
 *
 * <p>How a broken rule is treated depends on the {@link Strictness}: {@link Strictness#SPEC} (check-metrics,
 * import) fails on every one; {@link Strictness#PROMETHEUS} (the scraper) fails only where Prometheus' own scrape
 * fails and reports the rest to {@link ExpositionHandler#warning}, reading the payload as Prometheus does (see
 * {@link ExpositionRule#prometheusAccepts()}).
 *
 * <p>Errors are {@link ExpositionParseException}s naming the 1-based line and column and the {@link ExpositionRule}
 * broken. A parser instance is immutable and thread-safe; each {@link #parse} call keeps its own state.
 */
public final class ExpositionParser {
    /** Default longest accepted line, in bytes (node_exporter's longest lines are well under 1 KiB). */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private static final String[] NO_LABELS = new String[0];
    private static final int MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;
    /** What {@code parseLabels} returns, in text, for a line that ends inside a quoted label value. */
    private static final int OPEN_LABEL_VALUE = -1;
    /** The start of the error for Prometheus 3's quoted UTF-8 names, which Prometheus 2's scrape fails on too. */
    private static final String QUOTED_NAME =
            "quoted UTF-8 names (Prometheus 3's escaping=allow-utf-8) are not read, as by Prometheus 2: a quoted ";

    /** Which broken rules fail a parse. */
    public enum Strictness {
        /** Every rule of the format fails the parse: the verdict of {@code check-metrics}. */
        SPEC,
        /**
         * Only what fails Prometheus' own scrape fails the parse; every other broken rule is reported as an
         * {@link ExpositionWarning} and the payload is read as Prometheus reads it (samples kept, repeated or late
         * metadata ignored, an over-long exemplar dropped). What scraping uses.
         */
        PROMETHEUS
    }

    private final ExpositionFormat format;
    private final int maxLineBytes;
    private final long maxSamples;
    private final Strictness strictness;

    /** A strict parser with the default line limit and no sample limit. */
    public ExpositionParser(ExpositionFormat format) {
        this(format, DEFAULT_MAX_LINE_BYTES, 0);
    }

    /**
     * A strict ({@link Strictness#SPEC}) parser.
     *
     * @param maxLineBytes longest accepted line in bytes (without its newline), at least 64
     * @param maxSamples   most samples accepted before the parse fails; 0 for no limit
     */
    public ExpositionParser(ExpositionFormat format, int maxLineBytes, long maxSamples) {
        this(format, maxLineBytes, maxSamples, Strictness.SPEC);
    }

    /**
     * @param maxLineBytes longest accepted line in bytes (without its newline), at least 64
     * @param maxSamples   most samples accepted before the parse fails; 0 for no limit
     * @param strictness   which broken rules fail the parse
     */
    public ExpositionParser(ExpositionFormat format, int maxLineBytes, long maxSamples, Strictness strictness) {
        this.format = Objects.requireNonNull(format, "format");
        this.strictness = Objects.requireNonNull(strictness, "strictness");
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes must be at least 64, got " + maxLineBytes);
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be >= 0, got " + maxSamples);
        }
        this.maxLineBytes = maxLineBytes;
        this.maxSamples = maxSamples;
    }

    public ExpositionFormat format() {
        return format;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public long maxSamples() {
        return maxSamples;
    }

    public Strictness strictness() {
        return strictness;
    }

    /**
     * Reads the whole stream (it is not closed). Returns normally only when the payload is valid; otherwise throws
     * after having delivered the samples that preceded the bad line.
     */
    public void parse(InputStream in, ExpositionHandler handler) throws IOException, ExpositionParseException {
        new Run(Objects.requireNonNull(in), Objects.requireNonNull(handler)).run();
    }

    /** One family being read, with its OpenMetrics validation state. */
    private static final class Family {
        final String name;
        MetricType type;
        String help;
        String unit;
        long samples;
        MetricFamilyInfo info;
        boolean infoEmitted;
        // OpenMetrics grouping
        String lastGroup;
        boolean lastHasTimestamp;
        double lastTimestamp;
        Set<String> seenGroups;
        HistogramGroup histogram;

        Family(String name) {
            this.name = name;
        }

        MetricType effectiveType() {
            return type == null ? MetricType.UNKNOWN : type;
        }

        MetricFamilyInfo info() {
            if (info == null) {
                info = new MetricFamilyInfo(name, effectiveType(), help == null ? "" : help, unit == null ? "" : unit);
            }
            return info;
        }

        boolean allowsOpenMetrics(String sampleName) {
            for (String suffix : effectiveType().openMetricsSuffixes()) {
                if (hasSuffix(sampleName, name, suffix)) {
                    return true;
                }
            }
            return false;
        }

        boolean allowsText(String sampleName) {
            return switch (effectiveType()) {
                case HISTOGRAM ->
                    hasSuffix(sampleName, name, "_bucket")
                            || hasSuffix(sampleName, name, "_sum")
                            || hasSuffix(sampleName, name, "_count");
                case SUMMARY ->
                    sampleName.equals(name)
                            || hasSuffix(sampleName, name, "_sum")
                            || hasSuffix(sampleName, name, "_count");
                default -> sampleName.equals(name);
            };
        }
    }

    /** A broken histogram rule found when a group ends. */
    private record Problem(ExpositionRule rule, String text) {}

    /** The running consistency check of one histogram group (labels without {@code le}, plus timestamp). */
    private static final class HistogramGroup {
        String key;
        boolean hasBucket;
        double bucket;
        boolean hasCount;
        double count;
        boolean negativeBuckets;
        boolean hasSum;
        boolean hasGsum;
        boolean negativeGsum;
        double value;
        /** A problem was already reported for this group (read on as Prometheus does): no more about it. */
        boolean reported;

        void reset(String newKey) {
            key = newKey;
            hasBucket = false;
            bucket = 0;
            hasCount = false;
            count = 0;
            negativeBuckets = false;
            hasSum = false;
            hasGsum = false;
            negativeGsum = false;
            value = 0;
            reported = false;
        }

        /** Returns the problem with the finished group, or null. */
        Problem problem() {
            if (reported) {
                return null;
            }
            if (!hasBucket || bucket != Double.POSITIVE_INFINITY) {
                return new Problem(ExpositionRule.OM_HISTOGRAM_INF, "+Inf bucket missing");
            }
            if (hasCount && value != count) {
                return new Problem(
                        ExpositionRule.OM_HISTOGRAM_COUNT,
                        "count " + count + " does not match the +Inf bucket's " + value);
            }
            if (hasSum && !hasCount) {
                return new Problem(ExpositionRule.OM_HISTOGRAM_COUNT, "_count must be present when _sum is");
            }
            if (hasGsum && !hasCount) {
                return new Problem(ExpositionRule.OM_HISTOGRAM_COUNT, "_gcount must be present when _gsum is");
            }
            if (!(hasSum || hasGsum) && hasCount) {
                return new Problem(ExpositionRule.OM_HISTOGRAM_COUNT, "_sum must be present when _count is");
            }
            if (negativeBuckets && hasSum) {
                return new Problem(
                        ExpositionRule.OM_HISTOGRAM_SUM_WITH_NEGATIVE_BUCKETS,
                        "a histogram with negative buckets cannot have _sum");
            }
            if (!negativeBuckets && negativeGsum) {
                return new Problem(ExpositionRule.OM_GAUGEHISTOGRAM_VALUES, "negative _gsum with no negative bucket");
            }
            return null;
        }
    }

    private final class Run {
        private final InputStream in;
        private final ExpositionHandler handler;
        private final boolean om = format == ExpositionFormat.OPENMETRICS;
        private final boolean lenient = strictness == Strictness.PROMETHEUS;
        private final ExpositionRule syntax = om ? ExpositionRule.OM_SYNTAX : ExpositionRule.TEXT_SYNTAX;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private boolean endOfStream;
        private byte[] lineBuf = new byte[1024];
        private int lineLen;
        private long lineNo;
        /** The line the record being read starts on (a text sample may go on over raw line feeds in a value). */
        private long recordLine;

        private CharsetDecoder decoder;
        private final List<String> labelScratch = new ArrayList<>(16);
        private long sampleCount;

        // OpenMetrics
        private Family current;
        private boolean eof;
        private final Set<String> seenNames = new HashSet<>();
        // Prometheus text
        private final Map<String, Family> byName = new HashMap<>(512);
        /** Where a missing label comma was last reported, so a sample read again over a line feed reports it once. */
        private int labelCommaReportedAt = -1;
        // both: the line of each series' sample without a timestamp, to find repeated series
        private final Map<SeriesKey, Long> seriesLines = new HashMap<>(1024);

        Run(InputStream in, ExpositionHandler handler) {
            this.in = in;
            this.handler = handler;
        }

        void run() throws IOException, ExpositionParseException {
            String line;
            while ((line = nextLine()) != null) {
                if (om) {
                    openMetricsLine(line);
                } else {
                    textLine(line);
                }
            }
            if (om) {
                if (!eof) {
                    throw new ExpositionParseException(
                            Math.max(1, lineNo), 0, ExpositionRule.OM_EOF, "missing '# EOF' at the end of the input");
                }
            } else {
                for (Family f : byName.values()) {
                    if (!f.infoEmitted) {
                        f.infoEmitted = true;
                        handler.family(f.info());
                    }
                }
            }
        }

        // ---------------------------------------------------------------- line reading

        /** The next line without its newline, or null at the end of the stream. */
        private String nextLine() throws IOException, ExpositionParseException {
            lineLen = 0;
            boolean any = false;
            while (true) {
                if (pos == lim) {
                    if (endOfStream) {
                        break;
                    }
                    int n = in.read(buf, 0, buf.length);
                    if (n <= 0) {
                        endOfStream = n < 0;
                        if (n == 0) {
                            continue;
                        }
                        break;
                    }
                    pos = 0;
                    lim = n;
                }
                any = true;
                int start = pos;
                int i = start;
                while (i < lim && buf[i] != '\n') {
                    i++;
                }
                if (i < lim && lineLen == 0) {
                    // whole line inside the read buffer: decode in place
                    checkLength(i - start);
                    pos = i + 1;
                    lineNo++;
                    return decode(buf, start, i - start);
                }
                append(start, i - start);
                if (i < lim) {
                    pos = i + 1;
                    lineNo++;
                    return decode(lineBuf, 0, lineLen);
                }
                pos = lim;
            }
            if (!any) {
                return null;
            }
            lineNo++;
            return decode(lineBuf, 0, lineLen);
        }

        private void checkLength(int len) throws ExpositionParseException {
            if (len > maxLineBytes) {
                throw new ExpositionParseException(
                        lineNo + 1,
                        0,
                        ExpositionRule.LINE_LIMIT,
                        "line is longer than the limit of " + maxLineBytes + " bytes");
            }
        }

        private void append(int start, int len) throws ExpositionParseException {
            checkLength(lineLen + len);
            if (lineLen + len > lineBuf.length) {
                lineBuf = Arrays.copyOf(lineBuf, Math.min(maxLineBytes, Math.max(lineBuf.length * 2, lineLen + len)));
            }
            System.arraycopy(buf, start, lineBuf, lineLen, len);
            lineLen += len;
        }

        private String decode(byte[] bytes, int off, int len) throws ExpositionParseException {
            recordLine = lineNo;
            for (int i = off, end = off + len; i < end; i++) {
                if (bytes[i] < 0) {
                    return decodeUtf8(bytes, off, len);
                }
            }
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }

        private String decodeUtf8(byte[] bytes, int off, int len) throws ExpositionParseException {
            if (decoder == null) {
                decoder = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, off, len);
            CharBuffer chars = CharBuffer.allocate(len);
            CoderResult result = decoder.reset().decode(in, chars, true);
            if (!result.isError()) {
                result = decoder.flush(chars);
            }
            if (result.isError()) {
                // the column of the first character that does not decode, counted in decoded characters
                String reason = String.format("byte 0x%02x is not valid UTF-8", bytes[in.position()] & 0xff);
                ExpositionRule rule = om
                        ? ExpositionRule.OM_UTF8
                        : isFreeComment(bytes, off, len) ? ExpositionRule.TEXT_COMMENT_UTF8 : ExpositionRule.TEXT_UTF8;
                deviation(chars.position(), rule, reason, "comment line skipped");
                return ""; // read as a blank line
            }
            return chars.flip().toString();
        }

        private ExpositionParseException error(int index, ExpositionRule rule, String reason) {
            return new ExpositionParseException(recordLine, index + 1, rule, reason);
        }

        /**
         * A broken rule at {@code index} (0-based, reported as column index + 1): an error, unless this parse reads
         * as Prometheus does and Prometheus' scrape accepts it, in which case it is reported as a warning and the
         * caller goes on as {@code outcome} says.
         */
        private void deviation(int index, ExpositionRule rule, String reason, String outcome)
                throws ExpositionParseException {
            if (!tolerated(rule)) {
                throw error(index, rule, reason);
            }
            handler.warning(new ExpositionWarning(recordLine, index + 1, rule, reason, outcome));
        }

        private boolean tolerated(ExpositionRule rule) {
            return lenient && rule.prometheusAccepts();
        }

        // ---------------------------------------------------------------- OpenMetrics

        private void openMetricsLine(String s) throws ExpositionParseException {
            if (eof) {
                throw error(0, ExpositionRule.OM_AFTER_EOF, "text after '# EOF'");
            }
            if (s.isEmpty()) {
                throw new ExpositionParseException(
                        recordLine, 0, ExpositionRule.OM_SYNTAX, "blank line (not allowed in OpenMetrics)");
            }
            if (s.charAt(0) == '#') {
                if (s.equals("# EOF")) {
                    endOpenMetricsFamily();
                    eof = true;
                    return;
                }
                openMetricsMetadata(s);
                return;
            }
            openMetricsSample(s);
        }

        private void openMetricsMetadata(String s) throws ExpositionParseException {
            if (s.length() < 2 || s.charAt(1) != ' ') {
                throw error(0, ExpositionRule.OM_COMMENT, "expected '# HELP', '# TYPE', '# UNIT' or '# EOF'");
            }
            int k = s.indexOf(' ', 2);
            if (k < 0) {
                String word = s.substring(2);
                boolean keyword = word.equals("HELP") || word.equals("TYPE") || word.equals("UNIT");
                throw error(
                        s.length(),
                        keyword ? ExpositionRule.OM_SYNTAX : ExpositionRule.OM_COMMENT,
                        "metadata line needs a keyword, a metric name and a value");
            }
            String keyword = s.substring(2, k);
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
                throw error(
                        2,
                        ExpositionRule.OM_COMMENT,
                        "unknown metadata keyword '" + keyword + "' (expected HELP, TYPE or UNIT)");
            }
            int m = s.indexOf(' ', k + 1);
            if (m < 0) {
                throw error(
                        s.length(),
                        ExpositionRule.OM_SYNTAX,
                        "# " + keyword + " needs a metric name followed by a space and a value");
            }
            String name = s.substring(k + 1, m);
            if (!PromNames.isMetricName(name)) {
                throw error(k + 1, ExpositionRule.OM_SYNTAX, "invalid metric name '" + name + "'");
            }
            String rest = s.substring(m + 1);
            MetricType type = null;
            if (keyword.equals("TYPE")) {
                type = MetricType.fromOpenMetrics(rest)
                        .orElseThrow(() -> error(m + 1, ExpositionRule.OM_TYPE, "invalid metric type '" + rest + "'"));
            }
            if (current != null && current.name.equals(name)) {
                if (current.samples > 0) {
                    deviation(
                            0,
                            ExpositionRule.OM_METADATA_FIRST,
                            "# " + keyword + " for '" + name + "' after its samples",
                            "line ignored");
                    return;
                }
            } else {
                endOpenMetricsFamily();
                current = new Family(name);
            }
            Family f = current;
            boolean repeated = switch (keyword) {
                case "HELP" -> f.help != null;
                case "TYPE" -> f.type != null;
                default -> f.unit != null;
            };
            if (repeated) {
                deviation(
                        0,
                        ExpositionRule.OM_METADATA_ONCE,
                        "second # " + keyword + " for '" + name + "'",
                        "line ignored, the first one kept");
                return;
            }
            switch (keyword) {
                case "HELP" -> f.help = unescape(rest, true);
                case "TYPE" -> f.type = type;
                default -> f.unit = rest;
            }
        }

        private void endOpenMetricsFamily() throws ExpositionParseException {
            Family f = current;
            if (f == null) {
                return;
            }
            current = null;
            MetricType type = f.effectiveType();
            boolean clash = !seenNames.add(f.name);
            for (String suffix : type.openMetricsSuffixes()) {
                if (!suffix.isEmpty() && !seenNames.add(f.name + suffix)) {
                    clash = true;
                }
            }
            if (clash) {
                deviation(
                        0,
                        ExpositionRule.OM_FAMILY_UNIQUE,
                        "metric family '" + f.name + "' clashes with an earlier family's sample names",
                        "ingested as Prometheus does");
            }
            if (f.unit != null && !f.unit.isEmpty()) {
                if (!f.name.endsWith("_" + f.unit)) {
                    throw error(
                            0,
                            ExpositionRule.OM_UNIT_SUFFIX,
                            "unit '" + f.unit + "' is not a suffix of metric name '" + f.name + "'");
                }
                if (type == MetricType.INFO || type == MetricType.STATESET) {
                    deviation(
                            0,
                            ExpositionRule.OM_UNIT_EMPTY,
                            "units are not allowed on " + type.textName() + " families ('" + f.name + "')",
                            "unit kept");
                }
            }
            if (f.histogram != null && f.histogram.key != null) {
                histogramProblem(f);
            }
            if (!f.infoEmitted) {
                f.infoEmitted = true;
                handler.family(f.info());
            }
        }

        /** Reports what is wrong with the family's finished histogram group, if anything. */
        private void histogramProblem(Family f) throws ExpositionParseException {
            Problem problem = f.histogram.problem();
            if (problem != null) {
                deviation(
                        0,
                        problem.rule(),
                        "histogram '" + f.name + "': " + problem.text(),
                        "ingested as Prometheus does");
            }
        }

        private void openMetricsSample(String s) throws ExpositionParseException {
            int n = s.length();
            int i = scanMetricName(s, 0);
            String name = s.substring(0, i);
            String[] labels = NO_LABELS;
            if (i < n && s.charAt(i) == '{') {
                i = parseLabels(s, i, false);
                labels = takeLabels();
            }
            if (i >= n || s.charAt(i) != ' ') {
                throw error(
                        i,
                        ExpositionRule.OM_SYNTAX,
                        i >= n ? "missing value" : "expected a single space before the value");
            }
            i++;
            int vs = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            double value = parseFloat(s, vs, i, "value", ExpositionRule.OM_NUMBER);
            boolean hasTs = false;
            double tsSeconds = Double.NaN;
            Exemplar exemplar = null;
            boolean hasExemplar = false;
            if (i < n) {
                i++; // the space
                if (i < n && s.charAt(i) == '#') {
                    hasExemplar = true;
                    exemplar = parseExemplar(s, i);
                } else {
                    int ts = i;
                    while (i < n && s.charAt(i) != ' ') {
                        i++;
                    }
                    tsSeconds = parseFloat(s, ts, i, "timestamp", ExpositionRule.OM_TIMESTAMP);
                    if (!Double.isFinite(tsSeconds)) {
                        throw error(ts, ExpositionRule.OM_TIMESTAMP, "timestamp must be finite");
                    }
                    hasTs = true;
                    if (i < n) {
                        i++;
                        if (i >= n || s.charAt(i) != '#') {
                            throw error(
                                    i,
                                    ExpositionRule.OM_SYNTAX,
                                    "expected ' # ' and an exemplar, or the end of the line");
                        }
                        hasExemplar = true;
                        exemplar = parseExemplar(s, i);
                    }
                }
            }

            Family f = current;
            if (f == null || !f.allowsOpenMetrics(name)) {
                endOpenMetricsFamily();
                f = new Family(name);
                f.type = MetricType.UNKNOWN;
                current = f;
            }
            validateOpenMetricsSample(f, name, labels, value, hasTs, tsSeconds, hasExemplar);
            long millis = hasTs ? (long) Math.rint(tsSeconds * 1000.0) : 0L;
            deliver(f, name, labels, value, hasTs, millis, exemplar);
        }

        private void validateOpenMetricsSample(
                Family f, String name, String[] labels, double value, boolean hasTs, double ts, boolean hasExemplar)
                throws ExpositionParseException {
            MetricType type = f.effectiveType();
            String suffix = name.substring(f.name.length());
            String ingested = "ingested as Prometheus does";
            if (type == MetricType.STATESET && labelIndex(labels, f.name) < 0) {
                deviation(
                        0,
                        ExpositionRule.OM_STATESET,
                        "stateset sample needs a label named '" + f.name + "'",
                        ingested);
            }
            boolean bucket =
                    suffix.equals("_bucket") && (type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM);
            double le = Double.NaN;
            boolean usableLe = false;
            if (bucket) {
                int li = labelIndex(labels, "le");
                if (li < 0) {
                    deviation(0, ExpositionRule.OM_HISTOGRAM_LE, "histogram bucket without an 'le' label", ingested);
                } else {
                    Double bound = parseBound(labels[li + 1], "le", ExpositionRule.OM_HISTOGRAM_LE);
                    if (bound != null && Double.isNaN(bound)) {
                        deviation(0, ExpositionRule.OM_HISTOGRAM_LE, "histogram bucket 'le' must not be NaN", ingested);
                    } else if (bound != null) {
                        le = bound;
                        usableLe = true;
                    }
                }
            }
            boolean quantileSample = type == MetricType.SUMMARY && suffix.isEmpty();
            if (quantileSample) {
                int qi = labelIndex(labels, "quantile");
                if (qi < 0) {
                    deviation(
                            0,
                            ExpositionRule.OM_QUANTILE,
                            "summary quantile sample without a 'quantile' label",
                            ingested);
                } else {
                    Double q = parseBound(labels[qi + 1], "quantile", ExpositionRule.OM_QUANTILE);
                    if (q != null && !(q >= 0 && q <= 1)) {
                        deviation(
                                0,
                                ExpositionRule.OM_QUANTILE,
                                "quantile '" + labels[qi + 1] + "' is not between 0 and 1",
                                ingested);
                    }
                }
            }

            String group = switch (type) {
                case INFO -> "";
                case SUMMARY -> quantileSample ? groupKey(labels, "quantile") : groupKey(labels, null);
                case STATESET -> groupKey(labels, f.name);
                case HISTOGRAM, GAUGEHISTOGRAM -> bucket ? groupKey(labels, "le") : groupKey(labels, null);
                default -> groupKey(labels, null);
            };
            if (f.lastGroup != null) {
                if (!group.equals(f.lastGroup)) {
                    if (f.seenGroups != null && f.seenGroups.contains(group)) {
                        deviation(
                                0,
                                ExpositionRule.OM_METRIC_INTERLEAVED,
                                "samples of one label group are not contiguous in family '" + f.name + "'",
                                ingested);
                    }
                } else {
                    if (hasTs != f.lastHasTimestamp) {
                        deviation(
                                0,
                                ExpositionRule.OM_TIMESTAMP_ORDER,
                                "mix of samples with and without timestamps in one group",
                                "sample kept");
                    } else if (hasTs && f.lastTimestamp > ts && type != MetricType.INFO) {
                        deviation(
                                0,
                                ExpositionRule.OM_TIMESTAMP_ORDER,
                                "timestamps went backwards within a group",
                                "sample kept (Prometheus' storage drops one older than its series' last)");
                    }
                }
            }
            if (f.seenGroups == null) {
                f.seenGroups = new HashSet<>();
            }
            f.seenGroups.add(group);
            f.lastGroup = group;
            f.lastHasTimestamp = hasTs;
            f.lastTimestamp = ts;

            if (type == MetricType.STATESET && value != 0 && value != 1) {
                deviation(0, ExpositionRule.OM_STATESET, "stateset values must be 0 or 1", ingested);
            }
            if (type == MetricType.INFO && value != 1) {
                deviation(0, ExpositionRule.OM_INFO, "info values must be 1", ingested);
            }
            if (quantileSample && value < 0) {
                deviation(0, ExpositionRule.OM_QUANTILE, "quantile values cannot be negative", ingested);
            }
            switch (suffix) {
                case "_total", "_sum", "_count", "_bucket", "_gcount", "_gsum" -> {
                    ExpositionRule rule = switch (type) {
                        case COUNTER -> ExpositionRule.OM_COUNTER_TOTAL;
                        case HISTOGRAM -> ExpositionRule.OM_HISTOGRAM_VALUES;
                        case GAUGEHISTOGRAM -> ExpositionRule.OM_GAUGEHISTOGRAM_VALUES;
                        default -> ExpositionRule.OM_SUMMARY_VALUES;
                    };
                    if (Double.isNaN(value)) {
                        deviation(0, rule, "counter-like sample " + name + " cannot be NaN", ingested);
                    } else if (value < 0 && !suffix.equals("_gsum")) {
                        // a gauge histogram's _gsum may be negative when it has negative buckets (checked below)
                        deviation(
                                0,
                                rule,
                                "counter-like sample " + name + " cannot be negative (" + formatValue(value) + ")",
                                ingested);
                    }
                }
                default -> {
                    // gauges, quantiles, _created: any value
                }
            }
            if (hasExemplar && !(bucket || (type == MetricType.COUNTER && suffix.equals("_total")))) {
                deviation(
                        0,
                        ExpositionRule.OM_EXEMPLAR_PLACE,
                        "exemplars are allowed only on counter _total and histogram _bucket samples",
                        "exemplar kept");
            }
            if (type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM) {
                checkHistogram(f, suffix, labels, value, hasTs, ts, bucket && !usableLe ? null : le);
            }
        }

        /** @param le the bucket's bound; null for a bucket without a usable one (already reported) */
        private void checkHistogram(
                Family f, String suffix, String[] labels, double value, boolean hasTs, double ts, Double le)
                throws ExpositionParseException {
            if (suffix.isEmpty()) {
                return;
            }
            String key = groupKey(labels, suffix.equals("_bucket") ? "le" : null) + (hasTs ? "@" + ts : "@");
            HistogramGroup h = f.histogram;
            if (h == null) {
                h = f.histogram = new HistogramGroup();
            }
            if (h.key == null || !h.key.equals(key)) {
                if (h.key != null) {
                    histogramProblem(f);
                }
                h.reset(key);
            }
            switch (suffix) {
                case "_bucket" -> {
                    if (le == null) {
                        h.reported = true;
                        return;
                    }
                    if (le < 0) {
                        h.negativeBuckets = true;
                    }
                    if (h.hasBucket && le <= h.bucket && !h.reported) {
                        deviation(
                                0,
                                ExpositionRule.OM_HISTOGRAM_ORDER,
                                "histogram '" + f.name + "': buckets out of order",
                                "ingested as Prometheus does");
                        h.reported = true;
                    }
                    if (value < h.value && !h.reported) {
                        deviation(
                                0,
                                ExpositionRule.OM_HISTOGRAM_CUMULATIVE,
                                "histogram '" + f.name + "': bucket counts decrease",
                                "ingested as Prometheus does");
                        h.reported = true;
                    }
                    h.hasBucket = true;
                    h.bucket = le;
                    h.value = value;
                }
                case "_count", "_gcount" -> {
                    h.hasCount = true;
                    h.count = value;
                }
                case "_sum" -> h.hasSum = true;
                case "_gsum" -> {
                    h.hasGsum = true;
                    if (value < 0) {
                        h.negativeGsum = true;
                    }
                }
                default -> {
                    // _created
                }
            }
        }

        /**
         * An {@code le} or {@code quantile} value: a float; infinities only as {@code +Inf}/{@code -Inf}. Null when it
         * is no number (reported as breaking {@code rule}).
         */
        private Double parseBound(String text, String what, ExpositionRule rule) throws ExpositionParseException {
            if (!isFloatToken(text, 0, text.length())) {
                deviation(0, rule, "invalid " + what + " label value '" + text + "'", "ingested as Prometheus does");
                return null;
            }
            double v = toDouble(text, 0, text.length());
            if (Double.isInfinite(v) && !text.equals("+Inf") && !text.equals("-Inf")) {
                deviation(
                        0,
                        ExpositionRule.OM_CANONICAL_NUMBERS,
                        what + " infinity must be written +Inf or -Inf, got '" + text + "'",
                        "ingested as Prometheus does");
            }
            return v;
        }

        /** The exemplar at the {@code #}; null when one with over-long labels is dropped (as Prometheus does). */
        private Exemplar parseExemplar(String s, int hash) throws ExpositionParseException {
            int n = s.length();
            int i = hash + 1;
            if (i + 1 >= n || s.charAt(i) != ' ' || s.charAt(i + 1) != '{') {
                throw error(hash, ExpositionRule.OM_SYNTAX, "exemplar must be written ' # {labels} value [timestamp]'");
            }
            i = parseLabels(s, i + 1, false);
            String[] pairs = takeLabels();
            int codePoints = 0;
            for (String p : pairs) {
                codePoints += p.codePointCount(0, p.length());
            }
            boolean tooLong = codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS;
            if (tooLong) {
                deviation(
                        hash,
                        ExpositionRule.OM_EXEMPLAR_LENGTH,
                        "exemplar labels exceed " + MAX_EXEMPLAR_LABEL_CODE_POINTS + " characters",
                        "exemplar dropped, sample kept");
            }
            if (i >= n || s.charAt(i) != ' ') {
                throw error(i, ExpositionRule.OM_SYNTAX, "expected a space and the exemplar value");
            }
            i++;
            int vs = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            double value = parseFloat(s, vs, i, "exemplar value", ExpositionRule.OM_NUMBER);
            double ts = Double.NaN;
            if (i < n) {
                i++;
                int ts0 = i;
                while (i < n && s.charAt(i) != ' ') {
                    i++;
                }
                ts = parseFloat(s, ts0, i, "exemplar timestamp", ExpositionRule.OM_TIMESTAMP);
                if (!Double.isFinite(ts)) {
                    throw error(ts0, ExpositionRule.OM_TIMESTAMP, "exemplar timestamp must be finite");
                }
                if (i < n) {
                    throw error(i, ExpositionRule.OM_SYNTAX, "unexpected text after the exemplar timestamp");
                }
            }
            return tooLong ? null : new Exemplar(List.of(pairs), value, ts);
        }

        // ---------------------------------------------------------------- Prometheus text 0.0.4

        private void textLine(String s) throws IOException, ExpositionParseException {
            int n = s.length();
            int i = skipBlanks(s, 0);
            if (i == n) {
                return; // blank line
            }
            if (s.charAt(i) == '#') {
                textComment(s, i);
                return;
            }
            int nameStart = i;
            i = scanMetricName(s, i);
            String name = s.substring(nameStart, i);
            String[] labels = NO_LABELS;
            boolean braces = false;
            int afterName = skipBlanks(s, i);
            labelCommaReportedAt = -1;
            if (afterName < n && s.charAt(afterName) == '{') {
                while ((i = parseLabels(s, afterName, true)) == OPEN_LABEL_VALUE) {
                    s = continued(s);
                    n = s.length();
                }
                labels = takeLabels();
                braces = true;
            }
            int ws = i;
            i = skipBlanks(s, i);
            if (i == n) {
                throw error(i, ExpositionRule.TEXT_SYNTAX, "missing value");
            }
            if (i == ws && !braces) {
                // after '}' the value may follow at once: the tokens cannot merge
                throw error(i, ExpositionRule.TEXT_SYNTAX, "expected whitespace before the value");
            }
            int vs = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            double value = parseFloat(s, vs, i, "value", ExpositionRule.TEXT_VALUE);
            i = skipBlanks(s, i);
            boolean hasTs = false;
            long millis = 0;
            if (i < n) {
                int ts = i;
                while (i < n && !isBlank(s.charAt(i))) {
                    i++;
                }
                millis = parseMillis(s, ts, i);
                hasTs = true;
                i = skipBlanks(s, i);
                if (i < n) {
                    throw error(i, ExpositionRule.TEXT_SYNTAX, "unexpected text after the timestamp");
                }
            }
            Family f = textFamilyFor(name);
            deliver(f, name, labels, value, hasTs, millis, null);
        }

        /**
         * The sample line {@code s}, whose label value is still open at its end, joined by a line feed to the next
         * line: Prometheus' text lexer reads a raw line feed inside a quoted label value as part of the value.
         */
        private String continued(String s) throws IOException, ExpositionParseException {
            long first = recordLine;
            String next = nextLine();
            recordLine = first;
            if (next == null) {
                throw error(s.length(), ExpositionRule.TEXT_SYNTAX, "unterminated label value at the end of the input");
            }
            if (s.length() + 1L + next.length() > maxLineBytes) {
                throw new ExpositionParseException(
                        first,
                        0,
                        ExpositionRule.LINE_LIMIT,
                        "sample (with line feeds in a label value) is longer than the limit of " + maxLineBytes
                                + " bytes");
            }
            deviation(
                    s.length(),
                    ExpositionRule.TEXT_LABEL_VALUE_NEWLINE,
                    "raw line feed inside a label value (write it as \\n)",
                    "read as part of the value, as Prometheus does");
            return s + "\n" + next;
        }

        private Family textFamilyFor(String sampleName) {
            Family f = current;
            if (f != null && f.allowsText(sampleName)) {
                return f;
            }
            f = byName.get(sampleName);
            if (f == null || !f.allowsText(sampleName)) {
                f = null;
                for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
                    if (sampleName.endsWith(suffix)) {
                        Family base = byName.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                        if (base != null && base.allowsText(sampleName)) {
                            f = base;
                            break;
                        }
                    }
                }
            }
            if (f == null) {
                f = byName.get(sampleName);
                if (f == null) {
                    f = new Family(sampleName);
                    byName.put(sampleName, f);
                }
            }
            current = f;
            return f;
        }

        /**
         * A line whose first non-blank character is the {@code #} at {@code hash}: {@code # HELP}, {@code # TYPE} or
         * a free comment. Prometheus' lexer takes a line for metadata only when blanks follow both the {@code #} and
         * the keyword; otherwise ({@code #TYPE x y}, a bare {@code # HELP}) the line is a comment to it, so a problem
         * in such a line breaks {@link ExpositionRule#TEXT_METADATA_AS_COMMENT}, which it accepts.
         */
        private void textComment(String s, int hash) throws ExpositionParseException {
            int n = s.length();
            int i = skipBlanks(s, hash + 1);
            boolean blankAfterHash = i > hash + 1;
            int ks = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String keyword = s.substring(ks, i);
            boolean help = keyword.equals("HELP");
            if (!help && !keyword.equals("TYPE")) {
                return; // a free comment
            }
            boolean prometheusComment = !blankAfterHash || i == n;
            ExpositionRule malformed =
                    prometheusComment ? ExpositionRule.TEXT_METADATA_AS_COMMENT : ExpositionRule.TEXT_METADATA;
            String asComment = "read as a comment, as Prometheus does";
            i = skipBlanks(s, i);
            int ns = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String name = s.substring(ns, i);
            if (!PromNames.isMetricName(name)) {
                deviation(
                        ns,
                        malformed,
                        name.isEmpty()
                                ? "# " + keyword + " without a metric name"
                                : "invalid metric name '" + name + "'",
                        asComment);
                return;
            }
            Family f = byName.get(name);
            if (help) {
                if (f != null && f.help != null) {
                    deviation(
                            0,
                            ExpositionRule.TEXT_HELP_ONCE,
                            "second # HELP for '" + name + "'",
                            "line ignored, the first one kept");
                    return;
                }
                int hs = i < n ? i + 1 : n; // one blank separates the name from the text
                familyNamed(name).help = unescape(s.substring(hs), false);
                return;
            }
            i = skipBlanks(s, i);
            int ts = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String typeText = s.substring(ts, i);
            if (skipBlanks(s, i) != n) {
                deviation(
                        skipBlanks(s, i),
                        prometheusComment ? malformed : ExpositionRule.TEXT_TYPE,
                        "unexpected text after the metric type",
                        asComment);
                return;
            }
            MetricType type = MetricType.fromPrometheusText(typeText).orElse(null);
            if (type == null) {
                deviation(
                        ts,
                        prometheusComment ? malformed : ExpositionRule.TEXT_TYPE,
                        typeText.isEmpty() ? "# TYPE without a type" : "invalid metric type '" + typeText + "'",
                        asComment);
                return;
            }
            if (f != null && f.type != null) {
                deviation(
                        0,
                        ExpositionRule.TEXT_TYPE_ONCE,
                        "second # TYPE for '" + name + "'",
                        "line ignored, the first one kept");
                return;
            }
            if (f != null && f.samples > 0) {
                deviation(
                        0,
                        ExpositionRule.TEXT_TYPE_FIRST,
                        "# TYPE for '" + name + "' after its samples",
                        "line ignored, the samples stay untyped");
                return;
            }
            familyNamed(name).type = type;
        }

        /** The family of that name, made current (and created if new). */
        private Family familyNamed(String name) {
            Family f = byName.get(name);
            if (f == null) {
                f = new Family(name);
                byName.put(name, f);
            }
            current = f;
            return f;
        }

        private long parseMillis(String s, int from, int to) throws ExpositionParseException {
            int i = from;
            if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            if (i == to) {
                throw error(from, ExpositionRule.TEXT_TIMESTAMP, "invalid timestamp '" + s.substring(from, to) + "'");
            }
            for (int j = i; j < to; j++) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') {
                    throw error(
                            from,
                            ExpositionRule.TEXT_TIMESTAMP,
                            "invalid timestamp '" + s.substring(from, to) + "' (expected integer milliseconds)");
                }
            }
            try {
                return Long.parseLong(s, from, to, 10);
            } catch (NumberFormatException e) {
                throw error(
                        from, ExpositionRule.TEXT_TIMESTAMP, "timestamp out of range: '" + s.substring(from, to) + "'");
            }
        }

        // ---------------------------------------------------------------- shared

        private void deliver(
                Family f, String name, String[] labels, double value, boolean hasTs, long millis, Exemplar exemplar)
                throws ExpositionParseException {
            if (!hasTs) {
                Long first = seriesLines.putIfAbsent(seriesKey(name, labels), recordLine);
                if (first != null) {
                    deviation(
                            0,
                            om ? ExpositionRule.OM_SERIES_UNIQUE : ExpositionRule.TEXT_SERIES_UNIQUE,
                            "series " + seriesText(name, labels) + " repeats the sample of line " + first,
                            "sample dropped, the first one kept, as Prometheus does");
                    return;
                }
            }
            if (maxSamples > 0 && sampleCount >= maxSamples) {
                throw new SampleLimitExceededException(recordLine, maxSamples);
            }
            sampleCount++;
            f.samples++;
            MetricFamilyInfo info = f.info();
            if (!f.infoEmitted) {
                f.infoEmitted = true;
                handler.family(info);
            }
            handler.sample(new ParsedSample(info, name, labels, value, hasTs, millis, exemplar, recordLine));
        }

        private int scanMetricName(String s, int from) throws ExpositionParseException {
            int n = s.length();
            int i = from;
            if (i >= n || !PromNames.isMetricNameStart(s.charAt(i))) {
                if (i < n
                        && (s.charAt(i) == '"'
                                || (s.charAt(i) == '{'
                                        && skipBlanks(s, i + 1) < n
                                        && s.charAt(skipBlanks(s, i + 1)) == '"'))) {
                    throw error(i, syntax, QUOTED_NAME + "metric name");
                }
                throw error(i, syntax, "expected a metric name");
            }
            i++;
            while (i < n && PromNames.isMetricNameChar(s.charAt(i))) {
                i++;
            }
            return i;
        }

        /**
         * Parses {@code {a="1",b="2"}} from the brace at {@code i} into {@link #labelScratch}; returns the index after
         * '}'. With {@code text}, Prometheus text's blanks around tokens and trailing comma are read.
         */
        private int parseLabels(String s, int i, boolean text) throws ExpositionParseException {
            int n = s.length();
            labelScratch.clear();
            i++; // '{'
            if (text) {
                i = skipBlanks(s, i);
            }
            if (i < n && s.charAt(i) == '}') {
                return i + 1;
            }
            while (true) {
                if (text) {
                    i = skipBlanks(s, i);
                }
                int ns = i;
                if (i >= n || !PromNames.isLabelNameStart(s.charAt(i))) {
                    if (i < n && s.charAt(i) == '"') {
                        throw error(i, syntax, QUOTED_NAME + "label name");
                    }
                    throw error(i, syntax, i >= n ? "unterminated label set" : "expected a label name");
                }
                i++;
                while (i < n && PromNames.isLabelNameChar(s.charAt(i))) {
                    i++;
                }
                String labelName = s.substring(ns, i);
                if (text) {
                    i = skipBlanks(s, i);
                }
                if (i >= n || s.charAt(i) != '=') {
                    throw error(i, syntax, "expected '=' after label name '" + labelName + "'");
                }
                i++;
                if (text) {
                    i = skipBlanks(s, i);
                }
                if (i >= n || s.charAt(i) != '"') {
                    throw error(i, syntax, "label value must be in double quotes");
                }
                i++;
                int vs = i;
                StringBuilder sb = null;
                while (true) {
                    if (i >= n) {
                        if (text) {
                            return OPEN_LABEL_VALUE;
                        }
                        throw error(vs - 1, syntax, "unterminated label value");
                    }
                    char c = s.charAt(i);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i + 1 >= n) {
                            throw error(vs - 1, syntax, "unterminated label value");
                        }
                        if (sb == null) {
                            sb = new StringBuilder(s.length() - vs);
                            sb.append(s, vs, i);
                        }
                        char e = s.charAt(i + 1);
                        switch (e) {
                            case '\\' -> sb.append('\\');
                            case '"' -> sb.append('"');
                            case 'n' -> sb.append('\n');
                            default -> sb.append('\\').append(e);
                        }
                        i += 2;
                        continue;
                    }
                    if (sb != null) {
                        sb.append(c);
                    }
                    i++;
                }
                String labelValue = sb == null ? s.substring(vs, i) : sb.toString();
                i++; // closing quote
                for (int k = 0; k < labelScratch.size(); k += 2) {
                    if (labelScratch.get(k).equals(labelName)) {
                        throw error(
                                ns,
                                om ? ExpositionRule.OM_LABEL_UNIQUE : ExpositionRule.TEXT_LABEL_UNIQUE,
                                "duplicate label name '" + labelName + "'");
                    }
                }
                labelScratch.add(labelName);
                labelScratch.add(labelValue);
                if (text) {
                    i = skipBlanks(s, i);
                }
                if (i >= n) {
                    throw error(i, syntax, "unterminated label set");
                }
                char c = s.charAt(i);
                if (c == '}') {
                    return i + 1;
                }
                if (c != ',') {
                    if (text && PromNames.isLabelNameStart(c)) {
                        // promparse reads the next label pair without its comma
                        if (i > labelCommaReportedAt) {
                            labelCommaReportedAt = i;
                            deviation(
                                    i,
                                    ExpositionRule.TEXT_LABEL_COMMA,
                                    "expected ',' or '}' after a label value (a comma is missing)",
                                    "read as Prometheus does");
                        }
                        continue;
                    }
                    throw error(i, syntax, "expected ',' or '}' after a label value");
                }
                i++;
                if (text) {
                    i = skipBlanks(s, i);
                    if (i < n && s.charAt(i) == '}') {
                        return i + 1; // trailing comma, allowed in text
                    }
                } else if (i < n && s.charAt(i) == '}') {
                    // OpenMetrics' grammar has no trailing comma; Prometheus' parser reads one
                    deviation(
                            i,
                            ExpositionRule.OM_LABEL_TRAILING_COMMA,
                            "trailing comma before '}'",
                            "read as Prometheus does");
                    return i + 1;
                }
            }
        }

        private String[] takeLabels() {
            return labelScratch.isEmpty() ? NO_LABELS : labelScratch.toArray(NO_LABELS);
        }

        private double parseFloat(String s, int from, int to, String what, ExpositionRule rule)
                throws ExpositionParseException {
            if (from == to) {
                throw error(from, syntax, "missing " + what);
            }
            if (!isFloatToken(s, from, to)) {
                throw error(from, rule, "invalid " + what + " '" + s.substring(from, to) + "'");
            }
            return toDouble(s, from, to);
        }
    }

    // -------------------------------------------------------------------- pure helpers

    /** A value as a message shows it: {@code -3.1}, {@code 7} for whole numbers. */
    private static String formatValue(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Whether a raw text-format line is a free comment to Prometheus' lexer: a {@code #} (after any blanks) that is
     * not followed by blanks, {@code HELP} or {@code TYPE}, and a blank. Such a line is skipped unread, so bytes that
     * are not UTF-8 in it do not fail Prometheus' scrape.
     */
    static boolean isFreeComment(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i >= end || b[i] != '#') {
            return false;
        }
        int afterHash = ++i;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i == afterHash || i + 4 >= end) {
            return true;
        }
        boolean keyword = (b[i] == 'H' && b[i + 1] == 'E' && b[i + 2] == 'L' && b[i + 3] == 'P')
                || (b[i] == 'T' && b[i + 1] == 'Y' && b[i + 2] == 'P' && b[i + 3] == 'E');
        return !(keyword && (b[i + 4] == ' ' || b[i + 4] == '\t'));
    }

    /**
     * A series' identity as Prometheus stores it: the name and the labels with a value, in name order (a label with
     * an empty value is no label). Equal exactly when the series are the same.
     */
    record SeriesKey(String name, String[] pairs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SeriesKey k && name.equals(k.name) && Arrays.equals(pairs, k.pairs);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(pairs);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(pairs);
        }
    }

    /** The {@link SeriesKey} of a sample; {@code pairs} is used as it is when already in order without empty values. */
    static SeriesKey seriesKey(String name, String[] pairs) {
        boolean canonical = true;
        for (int i = 0; i < pairs.length && canonical; i += 2) {
            canonical = !pairs[i + 1].isEmpty() && (i == 0 || pairs[i - 2].compareTo(pairs[i]) < 0);
        }
        if (canonical) {
            return new SeriesKey(name, pairs);
        }
        int count = pairs.length / 2;
        Integer[] order = new Integer[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (!pairs[2 * i + 1].isEmpty()) {
                order[kept++] = i;
            }
        }
        Arrays.sort(order, 0, kept, (a, b) -> pairs[2 * a].compareTo(pairs[2 * b]));
        String[] p = new String[2 * kept];
        for (int i = 0; i < kept; i++) {
            p[2 * i] = pairs[2 * order[i]];
            p[2 * i + 1] = pairs[2 * order[i] + 1];
        }
        return new SeriesKey(name, p);
    }

    /** {@code name{a="1",b="2"}} as a message shows a series, values escaped and the whole bounded. */
    private static String seriesText(String name, String[] pairs) {
        StringBuilder sb = new StringBuilder(name);
        if (pairs.length > 0) {
            sb.append('{');
            for (int i = 0; i < pairs.length; i += 2) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(pairs[i]).append("=\"");
                String v = pairs[i + 1];
                for (int k = 0; k < v.length(); k++) {
                    char c = v.charAt(k);
                    switch (c) {
                        case '\\' -> sb.append("\\\\");
                        case '"' -> sb.append("\\\"");
                        case '\n' -> sb.append("\\n");
                        default -> sb.append(c);
                    }
                }
                sb.append('"');
            }
            sb.append('}');
        }
        return ExpositionWarnings.bounded(sb.toString(), 160);
    }

    private static int labelIndex(String[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Sorted {@code name\0value\0...} of the labels except {@code skip}: a group's identity within a family. */
    private static String groupKey(String[] pairs, String skip) {
        int count = pairs.length / 2;
        if (count == 0 || (count == 1 && pairs[0].equals(skip))) {
            return "";
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (count > 1) {
            Arrays.sort(order, (a, b) -> pairs[2 * a].compareTo(pairs[2 * b]));
        }
        StringBuilder sb = new StringBuilder();
        for (int i : order) {
            if (pairs[2 * i].equals(skip)) {
                continue;
            }
            sb.append(pairs[2 * i]).append('\0').append(pairs[2 * i + 1]).append('\0');
        }
        return sb.toString();
    }

    private static boolean hasSuffix(String sampleName, String family, String suffix) {
        return sampleName.length() == family.length() + suffix.length()
                && sampleName.startsWith(family)
                && sampleName.endsWith(suffix);
    }

    /** Unescapes {@code \\}, {@code \n} and (OpenMetrics) {@code \"}; other escapes are kept as written. */
    static String unescape(String text, boolean quotes) {
        int bs = text.indexOf('\\');
        if (bs < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        sb.append(text, 0, bs);
        for (int i = bs; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                sb.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case '"' -> sb.append(quotes ? "\"" : "\\\"");
                default -> sb.append('\\').append(e);
            }
        }
        return sb.toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * A decimal float as both formats write it: optional sign, digits with an optional fraction and exponent, or
     * {@code Inf}/{@code Infinity}/{@code NaN} in any case. No hex, no underscores, no surrounding blanks.
     */
    static boolean isFloatToken(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int len = to - i;
        if (len == 3 && (s.regionMatches(true, i, "inf", 0, 3) || s.regionMatches(true, i, "nan", 0, 3))) {
            return true;
        }
        if (len == 8 && s.regionMatches(true, i, "infinity", 0, 8)) {
            return true;
        }
        int digits = 0;
        while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == to;
    }

    /** Converts a token accepted by {@link #isFloatToken}. */
    static double toDouble(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            negative = s.charAt(i) == '-';
            i++;
        }
        char c = s.charAt(i);
        if (c == 'i' || c == 'I') {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (c == 'n' || c == 'N') {
            return Double.NaN;
        }
        if (to - i <= 18) {
            long v = 0;
            int j = i;
            while (j < to) {
                char d = s.charAt(j);
                if (d < '0' || d > '9') {
                    break;
                }
                v = v * 10 + (d - '0');
                j++;
            }
            if (j == to) {
                return negative ? -(double) v : (double) v;
            }
        }
        return Double.parseDouble(s.substring(from, to));
    }
}
