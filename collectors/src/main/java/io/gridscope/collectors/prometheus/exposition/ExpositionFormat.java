package io.gridscope.collectors.prometheus.exposition;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two text formats Gridscope reads, and how a payload's format is decided.
 *
 * <p><b>The Content-Type decides first</b> ({@link #declaredBy}): {@code application/openmetrics-text} is
 * OpenMetrics and {@code text/plain} (version 0.0.4, another version, or none) is Prometheus text, whatever the body
 * holds; a text body that ends with a {@code # EOF} comment stays text, as in Prometheus' scrape. <b>Only without a
 * usable Content-Type</b> (a file, standard input, a response without the header or with another media type) does
 * the payload decide ({@link #fromPayload}), and then a trailing {@code # EOF} alone is not enough, because in
 * Prometheus text it is an ordinary comment. The payload is OpenMetrics only when
 *
 * <ol>
 *   <li>its last line is {@code # EOF}, which OpenMetrics requires (without it the payload cannot be OpenMetrics),
 *       <em>and</em>
 *   <li>its first {@value #DETECT_HEAD_BYTES} bytes show something that only OpenMetrics writes and that Prometheus
 *       text cannot carry: a {@code # UNIT} line; a {@code # TYPE} of {@code gaugehistogram}, {@code stateset},
 *       {@code info} or {@code unknown}; a sample {@code x_total} or {@code x_created} of a family declared
 *       {@code # TYPE x counter} (or {@code x_created} of a histogram or summary {@code x}), OpenMetrics' naming
 *       where text names the family {@code x_total}; an exemplar ({@code # {...}} after a sample's value); or a
 *       timestamp with a fraction or an exponent (OpenMetrics seconds; text timestamps are integer milliseconds).
 * </ol>
 *
 * Otherwise it is Prometheus text. A payload that is both valid text and valid OpenMetrics without any of these
 * signs reads the same either way, apart from timestamps, which such a payload then gives as text milliseconds.
 */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4: lenient whitespace, free comments, blank lines, millisecond timestamps. */
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    /** OpenMetrics 1.0 text: strict single spaces, {@code # EOF} terminator, second timestamps, exemplars. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    /** How much of a payload's beginning {@link #fromPayload} searches for signs of OpenMetrics. */
    public static final int DETECT_HEAD_BYTES = 1 << 20;

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The media type with parameters, as sent by exporters and used in {@code Accept}. */
    public String contentType() {
        return contentType;
    }

    /**
     * The format a {@code Content-Type} names: {@code application/openmetrics-text} or {@code text/plain} (any
     * version); empty for a missing or blank header and for any other media type.
     */
    public static Optional<ExpositionFormat> declaredBy(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (media) {
            case "application/openmetrics-text" -> Optional.of(OPENMETRICS);
            case "text/plain" -> Optional.of(PROMETHEUS_TEXT);
            default -> Optional.empty();
        };
    }

    /**
     * The format named by a response's {@code Content-Type}. Anything that is not {@code application/openmetrics-text}
     * (including a missing header or {@code text/plain} without a version) is read as Prometheus text, which is what
     * exporters that ignore {@code Accept} send. {@link #of} also looks at the payload when the header says nothing.
     */
    public static ExpositionFormat fromContentType(String contentType) {
        return declaredBy(contentType).orElse(PROMETHEUS_TEXT);
    }

    /** The Content-Type's format when it names one, else the payload's ({@link #fromPayload}). */
    public static ExpositionFormat of(String contentType, byte[] payload, int length) {
        return declaredBy(contentType).orElseGet(() -> fromPayload(payload, length));
    }

    /** The format of a payload without a usable Content-Type: see the rule in this class's description. */
    public static ExpositionFormat fromPayload(byte[] payload, int length) {
        return fromPayload(
                payload, Math.min(length, DETECT_HEAD_BYTES), length > DETECT_HEAD_BYTES, endsWithEof(payload, length));
    }

    /**
     * The same rule, for a payload known by its first bytes and whether it ends with {@code # EOF}.
     *
     * @param truncated whether {@code head} stops before the payload's end (its last, partial line is then ignored)
     */
    public static ExpositionFormat fromPayload(byte[] head, int headLength, boolean truncated, boolean endsWithEof) {
        return endsWithEof && showsOpenMetrics(head, headLength, truncated) ? OPENMETRICS : PROMETHEUS_TEXT;
    }

    /** Whether the payload's last line (before an optional final newline) is exactly {@code # EOF}. */
    public static boolean endsWithEof(byte[] b, int length) {
        int end = length > 0 && b[length - 1] == '\n' ? length - 1 : length;
        if (end < 5) {
            return false;
        }
        int start = end - 5;
        return b[start] == '#'
                && b[start + 1] == ' '
                && b[start + 2] == 'E'
                && b[start + 3] == 'O'
                && b[start + 4] == 'F'
                && (start == 0 || b[start - 1] == '\n');
    }

    /** Whether the lines in {@code b[0, length)} show something only OpenMetrics writes (see the class description). */
    static boolean showsOpenMetrics(byte[] b, int length, boolean truncated) {
        Map<String, String> declared = new HashMap<>();
        int lineStart = 0;
        while (lineStart < length) {
            int end = lineStart;
            while (end < length && b[end] != '\n') {
                end++;
            }
            if (end == length && truncated) {
                break; // a partial line
            }
            if (openMetricsLine(b, lineStart, end, declared)) {
                return true;
            }
            lineStart = end + 1;
        }
        return false;
    }

    private static boolean openMetricsLine(byte[] b, int from, int to, Map<String, String> declared) {
        String line = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (line.startsWith("# UNIT ")) {
            return true;
        }
        if (line.startsWith("# TYPE ")) {
            String[] parts = line.split(" ", 4);
            if (parts.length == 4) {
                switch (parts[3]) {
                    case "gaugehistogram", "stateset", "info", "unknown" -> {
                        return true;
                    }
                    case "counter", "histogram", "summary" -> declared.put(parts[2], parts[3]);
                    default -> {
                        // gauge, untyped, or not a type
                    }
                }
            }
            return false;
        }
        if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            return false;
        }
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (suffixedAsOpenMetrics(name, "_total", declared, "counter")
                || suffixedAsOpenMetrics(name, "_created", declared, "counter", "histogram", "summary")) {
            return true;
        }
        if (i < line.length() && line.charAt(i) == '{') {
            i = afterLabels(line, i);
            if (i < 0) {
                return false;
            }
        }
        String[] tokens = line.substring(i).strip().split("[ \t]+");
        if (tokens.length >= 3 && tokens[1].equals("#") && tokens[2].startsWith("{")) {
            return true; // an exemplar right after the value
        }
        if (tokens.length >= 2 && !tokens[1].equals("#")) {
            String ts = tokens[1];
            if (ts.indexOf('.') >= 0 || ts.indexOf('e') >= 0 || ts.indexOf('E') >= 0) {
                return true; // a timestamp in seconds
            }
            return tokens.length >= 4 && tokens[2].equals("#") && tokens[3].startsWith("{");
        }
        return false;
    }

    private static boolean suffixedAsOpenMetrics(
            String name, String suffix, Map<String, String> declared, String... types) {
        if (!name.endsWith(suffix) || name.length() == suffix.length()) {
            return false;
        }
        String type = declared.get(name.substring(0, name.length() - suffix.length()));
        if (type == null) {
            return false;
        }
        for (String t : types) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** The index after the label set opening at {@code open}, or -1 when it does not close on this line. */
    private static int afterLabels(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '}') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
    }
}
