package io.gridscope.collectors.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the exposition parser as the scraper and {@code check-metrics} call it: any payload is
 * either read or refused with an {@link ExpositionParseException}, never an unchecked exception, and what a strict
 * check accepts the scraper reads without a warning. {@code mvn verify} replays the corpus in
 * {@code ExpositionFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes.
 */
class ExpositionFuzzTest {
    /** The scraper's limits for fuzzing: small, so that the fuzzer reaches them. */
    private static final int MAX_LINE_BYTES = 512;

    private static final long SAMPLE_LIMIT = 100;

    /**
     * The scraper's path. The input's first line is the response's Content-Type (empty for none), the rest the
     * body: the header or the payload decides the format, then a lenient parse with a line and a sample limit.
     */
    @FuzzTest(maxDuration = "10s")
    void scrapingReadsOrRefusesAnyPayload(byte[] input) throws IOException {
        int eol = indexOf(input, (byte) '\n');
        String contentType = eol < 0 ? "" : new String(input, 0, eol, StandardCharsets.ISO_8859_1);
        byte[] payload = eol < 0 ? input : Arrays.copyOfRange(input, eol + 1, input.length);

        Optional<ExpositionFormat> declared = ExpositionFormat.declaredBy(contentType);
        ExpositionFormat format = declared.orElseGet(() -> ExpositionFormat.fromPayload(payload, payload.length));
        CollectingHandler collected = new CollectingHandler();
        ExpositionParser parser =
                new ExpositionParser(format, MAX_LINE_BYTES, SAMPLE_LIMIT, ExpositionParser.Strictness.PROMETHEUS);
        try {
            parser.parse(new ByteArrayInputStream(payload), collected);
        } catch (SampleLimitExceededException e) {
            assertThat(collected.samples()).hasSize((int) SAMPLE_LIMIT);
            return;
        } catch (ExpositionParseException e) {
            assertThat(e.describe()).isNotBlank();
            assertThat(e.line()).isPositive();
            return;
        }
        assertThat(collected.samples().size()).isLessThanOrEqualTo((int) SAMPLE_LIMIT);
        for (ParsedSample s : collected.samples()) {
            // what the scraper's presets read from every sample (labels() drops empty values)
            assertThat(s.labels().size()).isLessThanOrEqualTo(s.labelCount());
            assertThat(s.name()).isNotEmpty();
            assertThat(s.toString()).isNotNull();
        }
        assertThat(collected.warnings().summary().size()).isLessThanOrEqualTo(ExpositionWarnings.MAX_LISTED + 1);
    }

    /**
     * {@code check-metrics}' path: the payload is checked strictly in the format it shows and in each format given
     * explicitly; every verdict renders as JSON. A payload a check accepts is one the scraper reads as it is, with no
     * warning.
     */
    @FuzzTest(maxDuration = "10s")
    void strictCheckJudgesAnyPayload(byte[] payload) throws IOException {
        check(payload, ExpositionCheck.detect(payload));
        check(payload, ExpositionFormat.PROMETHEUS_TEXT);
        check(payload, ExpositionFormat.OPENMETRICS);
    }

    private static void check(byte[] payload, ExpositionFormat format) throws IOException {
        ExpositionCheck.Outcome outcome = ExpositionCheck.check(
                new ByteArrayInputStream(payload),
                new ExpositionParser(format, ExpositionParser.DEFAULT_MAX_LINE_BYTES, 0));
        assertThat(outcome.toJson()).startsWith("{").endsWith("}");
        if (outcome instanceof ExpositionCheck.Invalid invalid) {
            assertThat(invalid.error().describe()).isNotBlank();
            return;
        }
        ExpositionCheck.Valid valid = (ExpositionCheck.Valid) outcome;
        CollectingHandler scraped = new CollectingHandler();
        try {
            new ExpositionParser(
                            format, ExpositionParser.DEFAULT_MAX_LINE_BYTES, 0, ExpositionParser.Strictness.PROMETHEUS)
                    .parse(new ByteArrayInputStream(payload), scraped);
        } catch (ExpositionParseException e) {
            throw new AssertionError(format + ": the strict check accepts what scraping refuses: " + e.describe(), e);
        }
        assertThat(scraped.samples()).as(format.name()).hasSize((int) valid.samples());
        assertThat(scraped.warnings().summary()).as(format.name()).isEmpty();
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
