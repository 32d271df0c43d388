package io.gridscope.collectors.prometheus.exposition;

import io.gridscope.collectors.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a whole exposition payload against its specification and counts what it holds, as
 * {@code gridscope check-metrics} (and {@code promtool check metrics}) report it: the verdict is strict
 * ({@link ExpositionParser.Strictness#SPEC}), and an error names the rule broken and whether Prometheus' scrape would
 * ingest the payload anyway. Stateless; safe from any thread.
 */
public final class ExpositionCheck {
    private ExpositionCheck() {}

    /** What a check found: either counts or the first error. */
    public sealed interface Outcome permits Valid, Invalid {
        /** One line of JSON describing the outcome. */
        String toJson();
    }

    /**
     * A valid payload.
     *
     * @param families metric families, including families with metadata but no samples
     * @param samples  sample lines
     * @param types    families per type, only types that occur
     */
    public record Valid(ExpositionFormat format, long families, long samples, Map<MetricType, Long> types)
            implements Outcome {
        public Valid {
            types = Map.copyOf(types);
        }

        @Override
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"families\":")
                    .append(families)
                    .append(",\"samples\":")
                    .append(samples)
                    .append(",\"types\":{");
            boolean first = true;
            for (MetricType t : MetricType.values()) {
                Long n = types.get(t);
                if (n == null) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(t.textName()).append("\":").append(n);
            }
            return sb.append("}}").toString();
        }
    }

    /** An invalid payload: the parser's error, with its line and column. */
    public record Invalid(ExpositionFormat format, ExpositionParseException error) implements Outcome {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"error\":\"")
                    .append(JsonText.escape(error.reason()))
                    .append("\",\"line\":")
                    .append(error.line())
                    .append(",\"column\":")
                    .append(error.column());
            error.rule()
                    .ifPresent(r -> sb.append(",\"rule\":\"")
                            .append(JsonText.escape(r.describe()))
                            .append("\",\"prometheus_accepts\":")
                            .append(r.prometheusAccepts()));
            return sb.append('}').toString();
        }
    }

    /**
     * Reads the whole stream in the given format. Format errors come back as {@link Invalid}; only a failure to
     * read the stream throws.
     */
    public static Outcome check(InputStream in, ExpositionFormat format) throws IOException {
        return check(in, new ExpositionParser(format));
    }

    /** As {@link #check(InputStream, ExpositionFormat)} with a configured parser (line or sample limits). */
    public static Outcome check(InputStream in, ExpositionParser parser) throws IOException {
        Map<MetricType, Long> types = new EnumMap<>(MetricType.class);
        long[] counts = new long[2];
        try {
            parser.parse(in, new ExpositionHandler() {
                @Override
                public void family(MetricFamilyInfo family) {
                    counts[0]++;
                    types.merge(family.type(), 1L, Long::sum);
                }

                @Override
                public void sample(ParsedSample sample) {
                    counts[1]++;
                }
            });
        } catch (ExpositionParseException e) {
            return new Invalid(parser.format(), e);
        }
        return new Valid(parser.format(), counts[0], counts[1], types);
    }

    /**
     * The format of a whole payload that came without a Content-Type: OpenMetrics only when it ends with
     * {@code # EOF} and shows something only OpenMetrics writes, else Prometheus text (the rule is in
     * {@link ExpositionFormat}'s description).
     */
    public static ExpositionFormat detect(byte[] payload) {
        return ExpositionFormat.fromPayload(payload, payload.length);
    }

    /** Whether a file's last line is {@code # EOF} (before an optional final newline). */
    public static boolean endsWithEof(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            int n = (int) Math.min(raf.length(), 8);
            byte[] tail = new byte[n];
            raf.seek(raf.length() - n);
            raf.readFully(tail);
            return ExpositionFormat.endsWithEof(tail, n);
        }
    }

    /**
     * {@link #detect(byte[])} on a file, reading only its first {@value ExpositionFormat#DETECT_HEAD_BYTES} and its
     * last bytes.
     */
    public static ExpositionFormat detect(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            byte[] head = new byte[(int) Math.min(length, ExpositionFormat.DETECT_HEAD_BYTES)];
            raf.readFully(head);
            int n = (int) Math.min(length, 8);
            byte[] tail = new byte[n];
            raf.seek(length - n);
            raf.readFully(tail);
            return ExpositionFormat.fromPayload(
                    head, head.length, length > head.length, ExpositionFormat.endsWithEof(tail, n));
        }
    }
}
