package io.gridscope.collectors.prometheus.exposition;

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
 * <p>OpenMetrics mode enforces the specification's rules: single spaces, {@code # HELP/TYPE/UNIT} before samples and
 * at most once each, no blank lines, no comments, a final {@code # EOF} with nothing after it, contiguous label
 * groups, non-decreasing timestamps within a group, counter-like values neither negative nor NaN, histogram bucket
 * order and {@code +Inf}/{@code _count}/{@code _sum} consistency, stateset/info values, quantile and {@code le}
 * labels, exemplars only on counter {@code _total} and bucket samples with at most 128 code points of labels,
 * units matching the name, and no family whose sample names clash with another's. Prometheus text mode is as lenient
 * as Prometheus itself: runs of spaces or tabs, trailing commas in label sets, free {@code #} comments, blank lines,
 * integer millisecond timestamps, no {@code # EOF}.
 *
 * <p>Errors are {@link ExpositionParseException}s naming the 1-based line and column. A parser instance is
 * immutable and thread-safe; each {@link #parse} call keeps its own state.
 */
public final class ExpositionParser {
    /** Default longest accepted line, in bytes (node_exporter's longest lines are well under 1 KiB). */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private static final String[] NO_LABELS = new String[0];
    private static final int MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

    private final ExpositionFormat format;
    private final int maxLineBytes;
    private final long maxSamples;

    /** A parser with the default line limit and no sample limit. */
    public ExpositionParser(ExpositionFormat format) {
        this(format, DEFAULT_MAX_LINE_BYTES, 0);
    }

    /**
     * @param maxLineBytes longest accepted line in bytes (without its newline), at least 64
     * @param maxSamples   most samples accepted before the parse fails; 0 for no limit
     */
    public ExpositionParser(ExpositionFormat format, int maxLineBytes, long maxSamples) {
        this.format = Objects.requireNonNull(format, "format");
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
        }

        /** Returns the problem with the finished group, or null. */
        String problem() {
            if (!hasBucket || bucket != Double.POSITIVE_INFINITY) {
                return "+Inf bucket missing";
            }
            if (hasCount && value != count) {
                return "count " + count + " does not match the +Inf bucket's " + value;
            }
            if (hasSum && !hasCount) {
                return "_count must be present when _sum is";
            }
            if (hasGsum && !hasCount) {
                return "_gcount must be present when _gsum is";
            }
            if (!(hasSum || hasGsum) && hasCount) {
                return "_sum must be present when _count is";
            }
            if (negativeBuckets && hasSum) {
                return "a histogram with negative buckets cannot have _sum";
            }
            if (!negativeBuckets && negativeGsum) {
                return "negative _gsum with no negative bucket";
            }
            return null;
        }
    }

    private final class Run {
        private final InputStream in;
        private final ExpositionHandler handler;
        private final boolean om = format == ExpositionFormat.OPENMETRICS;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private boolean endOfStream;
        private byte[] lineBuf = new byte[1024];
        private int lineLen;
        private long lineNo;
        private CharsetDecoder decoder;
        private final List<String> labelScratch = new ArrayList<>(16);
        private long sampleCount;

        // OpenMetrics
        private Family current;
        private boolean eof;
        private final Set<String> seenNames = new HashSet<>();
        // Prometheus text
        private final Map<String, Family> byName = new HashMap<>();

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
                            Math.max(1, lineNo), 0, "missing '# EOF' at the end of the input");
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
                        lineNo + 1, 0, "line is longer than the limit of " + maxLineBytes + " bytes");
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
                throw new ExpositionParseException(
                        lineNo,
                        chars.position() + 1,
                        String.format("byte 0x%02x is not valid UTF-8", bytes[in.position()] & 0xff));
            }
            return chars.flip().toString();
        }

        private ExpositionParseException error(int index, String reason) {
            return new ExpositionParseException(lineNo, index + 1, reason);
        }

        // ---------------------------------------------------------------- OpenMetrics

        private void openMetricsLine(String s) throws ExpositionParseException {
            if (eof) {
                throw error(0, "text after '# EOF'");
            }
            if (s.isEmpty()) {
                throw new ExpositionParseException(lineNo, 0, "blank line (not allowed in OpenMetrics)");
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
                throw error(0, "expected '# HELP', '# TYPE', '# UNIT' or '# EOF'");
            }
            int k = s.indexOf(' ', 2);
            if (k < 0) {
                throw error(s.length(), "metadata line needs a keyword, a metric name and a value");
            }
            String keyword = s.substring(2, k);
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
                throw error(2, "unknown metadata keyword '" + keyword + "' (expected HELP, TYPE or UNIT)");
            }
            int m = s.indexOf(' ', k + 1);
            if (m < 0) {
                throw error(s.length(), "# " + keyword + " needs a metric name followed by a space and a value");
            }
            String name = s.substring(k + 1, m);
            if (!isMetricName(name)) {
                throw error(k + 1, "invalid metric name '" + name + "'");
            }
            String rest = s.substring(m + 1);
            if (current != null && current.name.equals(name)) {
                if (current.samples > 0) {
                    throw error(0, "# " + keyword + " for '" + name + "' after its samples");
                }
            } else {
                endOpenMetricsFamily();
                current = new Family(name);
            }
            Family f = current;
            switch (keyword) {
                case "HELP" -> {
                    if (f.help != null) {
                        throw error(0, "second # HELP for '" + name + "'");
                    }
                    f.help = unescape(rest, true);
                }
                case "TYPE" -> {
                    if (f.type != null) {
                        throw error(0, "second # TYPE for '" + name + "'");
                    }
                    f.type = MetricType.fromOpenMetrics(rest)
                            .orElseThrow(() -> error(m + 1, "invalid metric type '" + rest + "'"));
                }
                default -> {
                    if (f.unit != null) {
                        throw error(0, "second # UNIT for '" + name + "'");
                    }
                    f.unit = rest;
                }
            }
        }

        private void endOpenMetricsFamily() throws ExpositionParseException {
            Family f = current;
            if (f == null) {
                return;
            }
            current = null;
            MetricType type = f.effectiveType();
            if (!seenNames.add(f.name)) {
                throw error(0, "metric family '" + f.name + "' clashes with an earlier family's sample names");
            }
            for (String suffix : type.openMetricsSuffixes()) {
                if (!suffix.isEmpty() && !seenNames.add(f.name + suffix)) {
                    throw error(0, "metric family '" + f.name + "' clashes with an earlier family's sample names");
                }
            }
            if (f.unit != null && !f.unit.isEmpty()) {
                if (!f.name.endsWith("_" + f.unit)) {
                    throw error(0, "unit '" + f.unit + "' is not a suffix of metric name '" + f.name + "'");
                }
                if (type == MetricType.INFO || type == MetricType.STATESET) {
                    throw error(0, "units are not allowed on " + type.textName() + " families ('" + f.name + "')");
                }
            }
            if (f.histogram != null && f.histogram.key != null) {
                String problem = f.histogram.problem();
                if (problem != null) {
                    throw error(0, "histogram '" + f.name + "': " + problem);
                }
            }
            if (!f.infoEmitted) {
                f.infoEmitted = true;
                handler.family(f.info());
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
                throw error(i, i >= n ? "missing value" : "expected a single space before the value");
            }
            i++;
            int vs = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            double value = parseFloat(s, vs, i, "value");
            boolean hasTs = false;
            double tsSeconds = Double.NaN;
            Exemplar exemplar = null;
            if (i < n) {
                i++; // the space
                if (i < n && s.charAt(i) == '#') {
                    exemplar = parseExemplar(s, i);
                } else {
                    int ts = i;
                    while (i < n && s.charAt(i) != ' ') {
                        i++;
                    }
                    tsSeconds = parseFloat(s, ts, i, "timestamp");
                    if (!Double.isFinite(tsSeconds)) {
                        throw error(ts, "timestamp must be finite");
                    }
                    hasTs = true;
                    if (i < n) {
                        i++;
                        if (i >= n || s.charAt(i) != '#') {
                            throw error(i, "expected ' # ' and an exemplar, or the end of the line");
                        }
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
            validateOpenMetricsSample(f, s, name, labels, value, hasTs, tsSeconds, exemplar);
            long millis = hasTs ? (long) Math.rint(tsSeconds * 1000.0) : 0L;
            deliver(f, name, labels, value, hasTs, millis, exemplar);
        }

        private void validateOpenMetricsSample(
                Family f,
                String line,
                String name,
                String[] labels,
                double value,
                boolean hasTs,
                double ts,
                Exemplar exemplar)
                throws ExpositionParseException {
            MetricType type = f.effectiveType();
            String suffix = name.substring(f.name.length());
            if (type == MetricType.STATESET && labelIndex(labels, f.name) < 0) {
                throw error(0, "stateset sample needs a label named '" + f.name + "'");
            }
            boolean bucket =
                    suffix.equals("_bucket") && (type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM);
            double le = Double.NaN;
            if (bucket) {
                int li = labelIndex(labels, "le");
                if (li < 0) {
                    throw error(0, "histogram bucket without an 'le' label");
                }
                le = parseBound(labels[li + 1], "le");
                if (Double.isNaN(le)) {
                    throw error(0, "histogram bucket 'le' must not be NaN");
                }
            }
            boolean quantileSample = type == MetricType.SUMMARY && suffix.isEmpty();
            if (quantileSample) {
                int qi = labelIndex(labels, "quantile");
                if (qi < 0) {
                    throw error(0, "summary quantile sample without a 'quantile' label");
                }
                double q = parseBound(labels[qi + 1], "quantile");
                if (!(q >= 0 && q <= 1)) {
                    throw error(0, "quantile '" + labels[qi + 1] + "' is not between 0 and 1");
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
                        throw error(0, "samples of one label group are not contiguous in family '" + f.name + "'");
                    }
                } else {
                    if (hasTs != f.lastHasTimestamp) {
                        throw error(0, "mix of samples with and without timestamps in one group");
                    }
                    if (hasTs && f.lastTimestamp > ts && type != MetricType.INFO) {
                        throw error(0, "timestamps went backwards within a group");
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
                throw error(0, "stateset values must be 0 or 1");
            }
            if (type == MetricType.INFO && value != 1) {
                throw error(0, "info values must be 1");
            }
            if (quantileSample && value < 0) {
                throw error(0, "quantile values cannot be negative");
            }
            switch (suffix) {
                case "_total", "_sum", "_count", "_bucket", "_gcount", "_gsum" -> {
                    if (Double.isNaN(value)) {
                        throw error(0, "counter-like sample " + name + " cannot be NaN");
                    }
                    if (value < 0 && !suffix.equals("_gsum")) {
                        // a gauge histogram's _gsum may be negative when it has negative buckets (checked below)
                        throw error(0, "counter-like sample " + name + " cannot be negative");
                    }
                }
                default -> {
                    // gauges, quantiles, _created: any value
                }
            }
            if (exemplar != null && !(bucket || (type == MetricType.COUNTER && suffix.equals("_total")))) {
                throw error(0, "exemplars are allowed only on counter _total and histogram _bucket samples");
            }
            if (type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM) {
                checkHistogram(f, suffix, labels, value, hasTs, ts, le);
            }
        }

        private void checkHistogram(
                Family f, String suffix, String[] labels, double value, boolean hasTs, double ts, double le)
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
                    String problem = h.problem();
                    if (problem != null) {
                        throw error(0, "histogram '" + f.name + "': " + problem);
                    }
                }
                h.reset(key);
            }
            switch (suffix) {
                case "_bucket" -> {
                    if (le < 0) {
                        h.negativeBuckets = true;
                    }
                    if (h.hasBucket && le <= h.bucket) {
                        throw error(0, "histogram '" + f.name + "': buckets out of order");
                    }
                    if (value < h.value) {
                        throw error(0, "histogram '" + f.name + "': bucket counts decrease");
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

        /** An {@code le} or {@code quantile} value: a float; infinities only as {@code +Inf}/{@code -Inf}. */
        private double parseBound(String text, String what) throws ExpositionParseException {
            if (!isFloatToken(text, 0, text.length())) {
                throw error(0, "invalid " + what + " label value '" + text + "'");
            }
            double v = toDouble(text, 0, text.length());
            if (Double.isInfinite(v) && !text.equals("+Inf") && !text.equals("-Inf")) {
                throw error(0, what + " infinity must be written +Inf or -Inf, got '" + text + "'");
            }
            return v;
        }

        private Exemplar parseExemplar(String s, int hash) throws ExpositionParseException {
            int n = s.length();
            int i = hash + 1;
            if (i + 1 >= n || s.charAt(i) != ' ' || s.charAt(i + 1) != '{') {
                throw error(hash, "exemplar must be written ' # {labels} value [timestamp]'");
            }
            i = parseLabels(s, i + 1, false);
            String[] pairs = takeLabels();
            int codePoints = 0;
            for (String p : pairs) {
                codePoints += p.codePointCount(0, p.length());
            }
            if (codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS) {
                throw error(hash, "exemplar labels exceed " + MAX_EXEMPLAR_LABEL_CODE_POINTS + " characters");
            }
            if (i >= n || s.charAt(i) != ' ') {
                throw error(i, "expected a space and the exemplar value");
            }
            i++;
            int vs = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            double value = parseFloat(s, vs, i, "exemplar value");
            double ts = Double.NaN;
            if (i < n) {
                i++;
                int ts0 = i;
                while (i < n && s.charAt(i) != ' ') {
                    i++;
                }
                ts = parseFloat(s, ts0, i, "exemplar timestamp");
                if (!Double.isFinite(ts)) {
                    throw error(ts0, "exemplar timestamp must be finite");
                }
                if (i < n) {
                    throw error(i, "unexpected text after the exemplar timestamp");
                }
            }
            return new Exemplar(List.of(pairs), value, ts);
        }

        // ---------------------------------------------------------------- Prometheus text 0.0.4

        private void textLine(String s) throws ExpositionParseException {
            int n = s.length();
            int i = skipBlanks(s, 0);
            if (i == n) {
                return; // blank line
            }
            if (s.charAt(i) == '#') {
                textComment(s, i + 1);
                return;
            }
            int nameStart = i;
            i = scanMetricName(s, i);
            String name = s.substring(nameStart, i);
            String[] labels = NO_LABELS;
            int afterName = skipBlanks(s, i);
            if (afterName < n && s.charAt(afterName) == '{') {
                i = parseLabels(s, afterName, true);
                labels = takeLabels();
            }
            int ws = i;
            i = skipBlanks(s, i);
            if (i == n) {
                throw error(i, "missing value");
            }
            if (i == ws) {
                throw error(i, "expected whitespace before the value");
            }
            int vs = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            double value = parseFloat(s, vs, i, "value");
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
                    throw error(i, "unexpected text after the timestamp");
                }
            }
            Family f = textFamilyFor(name);
            deliver(f, name, labels, value, hasTs, millis, null);
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

        private void textComment(String s, int i) throws ExpositionParseException {
            int n = s.length();
            i = skipBlanks(s, i);
            int ks = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String keyword = s.substring(ks, i);
            boolean help = keyword.equals("HELP");
            if (!help && !keyword.equals("TYPE")) {
                return; // a free comment
            }
            i = skipBlanks(s, i);
            int ns = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String name = s.substring(ns, i);
            if (!isMetricName(name)) {
                throw error(
                        ns,
                        name.isEmpty()
                                ? "# " + keyword + " without a metric name"
                                : "invalid metric name '" + name + "'");
            }
            Family f = byName.get(name);
            if (f == null) {
                f = new Family(name);
                byName.put(name, f);
            }
            current = f;
            if (help) {
                if (f.help != null) {
                    throw error(0, "second # HELP for '" + name + "'");
                }
                int hs = i < n ? i + 1 : n; // one blank separates the name from the text
                f.help = unescape(s.substring(hs), false);
                return;
            }
            i = skipBlanks(s, i);
            int ts = i;
            while (i < n && !isBlank(s.charAt(i))) {
                i++;
            }
            String typeText = s.substring(ts, i);
            if (skipBlanks(s, i) != n) {
                throw error(skipBlanks(s, i), "unexpected text after the metric type");
            }
            if (f.type != null) {
                throw error(0, "second # TYPE for '" + name + "'");
            }
            if (f.samples > 0) {
                throw error(0, "# TYPE for '" + name + "' after its samples");
            }
            f.type = MetricType.fromPrometheusText(typeText)
                    .orElseThrow(() -> error(
                            ts,
                            typeText.isEmpty() ? "# TYPE without a type" : "invalid metric type '" + typeText + "'"));
        }

        private long parseMillis(String s, int from, int to) throws ExpositionParseException {
            int i = from;
            if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            if (i == to) {
                throw error(from, "invalid timestamp '" + s.substring(from, to) + "'");
            }
            for (int j = i; j < to; j++) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') {
                    throw error(
                            from, "invalid timestamp '" + s.substring(from, to) + "' (expected integer milliseconds)");
                }
            }
            try {
                return Long.parseLong(s, from, to, 10);
            } catch (NumberFormatException e) {
                throw error(from, "timestamp out of range: '" + s.substring(from, to) + "'");
            }
        }

        // ---------------------------------------------------------------- shared

        private void deliver(
                Family f, String name, String[] labels, double value, boolean hasTs, long millis, Exemplar exemplar)
                throws ExpositionParseException {
            if (maxSamples > 0 && sampleCount >= maxSamples) {
                throw new SampleLimitExceededException(lineNo, maxSamples);
            }
            sampleCount++;
            f.samples++;
            MetricFamilyInfo info = f.info();
            if (!f.infoEmitted) {
                f.infoEmitted = true;
                handler.family(info);
            }
            handler.sample(new ParsedSample(info, name, labels, value, hasTs, millis, exemplar, lineNo));
        }

        private int scanMetricName(String s, int from) throws ExpositionParseException {
            int n = s.length();
            int i = from;
            if (i >= n || !isMetricNameStart(s.charAt(i))) {
                throw error(i, "expected a metric name");
            }
            i++;
            while (i < n && isMetricNameChar(s.charAt(i))) {
                i++;
            }
            return i;
        }

        /** Parses {@code {a="1",b="2"}} from the brace at {@code i} into {@link #labelScratch}; returns the index after '}'. */
        private int parseLabels(String s, int i, boolean lenient) throws ExpositionParseException {
            int n = s.length();
            labelScratch.clear();
            i++; // '{'
            if (lenient) {
                i = skipBlanks(s, i);
            }
            if (i < n && s.charAt(i) == '}') {
                return i + 1;
            }
            while (true) {
                if (lenient) {
                    i = skipBlanks(s, i);
                }
                int ns = i;
                if (i >= n || !isLabelNameStart(s.charAt(i))) {
                    throw error(i, i >= n ? "unterminated label set" : "expected a label name");
                }
                i++;
                while (i < n && isLabelNameChar(s.charAt(i))) {
                    i++;
                }
                String labelName = s.substring(ns, i);
                if (lenient) {
                    i = skipBlanks(s, i);
                }
                if (i >= n || s.charAt(i) != '=') {
                    throw error(i, "expected '=' after label name '" + labelName + "'");
                }
                i++;
                if (lenient) {
                    i = skipBlanks(s, i);
                }
                if (i >= n || s.charAt(i) != '"') {
                    throw error(i, "label value must be in double quotes");
                }
                i++;
                int vs = i;
                StringBuilder sb = null;
                while (true) {
                    if (i >= n) {
                        throw error(vs - 1, "unterminated label value");
                    }
                    char c = s.charAt(i);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i + 1 >= n) {
                            throw error(vs - 1, "unterminated label value");
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
                        throw error(ns, "duplicate label name '" + labelName + "'");
                    }
                }
                labelScratch.add(labelName);
                labelScratch.add(labelValue);
                if (lenient) {
                    i = skipBlanks(s, i);
                }
                if (i >= n) {
                    throw error(i, "unterminated label set");
                }
                char c = s.charAt(i);
                if (c == '}') {
                    return i + 1;
                }
                if (c != ',') {
                    throw error(i, "expected ',' or '}' after a label value");
                }
                i++;
                if (lenient) {
                    i = skipBlanks(s, i);
                    if (i < n && s.charAt(i) == '}') {
                        return i + 1; // trailing comma, accepted by Prometheus
                    }
                }
            }
        }

        private String[] takeLabels() {
            return labelScratch.isEmpty() ? NO_LABELS : labelScratch.toArray(NO_LABELS);
        }

        private double parseFloat(String s, int from, int to, String what) throws ExpositionParseException {
            if (from == to) {
                throw error(from, "missing " + what);
            }
            if (!isFloatToken(s, from, to)) {
                throw error(from, "invalid " + what + " '" + s.substring(from, to) + "'");
            }
            return toDouble(s, from, to);
        }
    }

    // -------------------------------------------------------------------- pure helpers

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

    static boolean isMetricName(String s) {
        if (s.isEmpty() || !isMetricNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isMetricNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMetricNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isMetricNameChar(char c) {
        return isMetricNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isLabelNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isLabelNameChar(char c) {
        return isLabelNameStart(c) || (c >= '0' && c <= '9');
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
