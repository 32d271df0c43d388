package io.gridscope.collectors.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.exposition.ExpositionParser.Strictness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Payloads whose fate in Prometheus' own scrape was observed on Prometheus 2.42 (Debian) scraping a loopback server
 * with each Content-Type: the scraper's parser ({@link Strictness#PROMETHEUS}) ingests what Prometheus ingested, with
 * the same names and values, and refuses what it refused; the strict check ({@link Strictness#SPEC}) names the rule
 * broken.
 *
 * <ul>
 *   <li>Quoted UTF-8 names ({@code {"my.metric"}}, {@code my_metric{"label.x"="v"}}): the scrape fails in text 0.0.4
 *       (with or without {@code escaping=allow-utf-8} in the Content-Type) and in OpenMetrics; nothing is ingested.
 *   <li>A raw line feed in a quoted label value: text 0.0.4 ingests the value with the line feed in it; OpenMetrics
 *       fails the scrape.
 *   <li>A series twice in one scrape without timestamps (also with its labels in another order, or with an extra
 *       empty label): the scrape succeeds, the first sample is stored and the later one is dropped, in both formats.
 * </ul>
 */
class PrometheusIngestionTest {
    private record Read(List<ParsedSample> samples, List<ExpositionWarning> warnings) {}

    private static Read read(ExpositionFormat format, Strictness strictness, String text) throws Exception {
        List<ParsedSample> samples = new ArrayList<>();
        List<ExpositionWarning> warnings = new ArrayList<>();
        new ExpositionParser(format, 4096, 0, strictness)
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new ExpositionHandler() {
                    @Override
                    public void sample(ParsedSample sample) {
                        samples.add(sample);
                    }

                    @Override
                    public void warning(ExpositionWarning warning) {
                        warnings.add(warning);
                    }
                });
        return new Read(samples, warnings);
    }

    private static ExpositionParseException failure(ExpositionFormat format, Strictness strictness, String text) {
        try {
            read(format, strictness, text);
        } catch (ExpositionParseException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the parse should have failed:\n" + text);
    }

    // ------------------------------------------------------------------ quoted UTF-8 names

    @Test
    void quotedUtf8NamesFailTheScrapeInBothFormatsAsInPrometheus2() {
        String[][] cases = {
            {"{\"my.metric\", \"label.with.dots\"=\"v\"} 1\nok_metric 1\n", "metric name", "1"},
            {"my_metric{\"label.x\"=\"v\"} 1\nok_metric 1\n", "label name", "11"},
        };
        for (String[] c : cases) {
            for (Strictness strictness : Strictness.values()) {
                ExpositionParseException text = failure(ExpositionFormat.PROMETHEUS_TEXT, strictness, c[0]);
                assertThat(text.rule()).as(c[0]).contains(ExpositionRule.TEXT_SYNTAX);
                assertThat(text.line()).isEqualTo(1);
                assertThat(text.column()).isEqualTo(Integer.parseInt(c[2]));
                assertThat(text.getMessage()).contains("quoted UTF-8 names").contains("a quoted " + c[1]);

                ExpositionParseException om =
                        failure(ExpositionFormat.OPENMETRICS, strictness, c[0].replace(", ", ",") + "# EOF\n");
                assertThat(om.rule()).as(c[0]).contains(ExpositionRule.OM_SYNTAX);
                assertThat(om.getMessage()).contains("a quoted " + c[1]);
            }
        }
    }

    @Test
    void quotedUtf8NamesInMetadataFailToo() {
        String text = "# HELP \"my.metric\" Dots in the name.\n# TYPE \"my.metric\" gauge\n{\"my.metric\"} 1\n";
        ExpositionParseException e = failure(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, text);
        assertThat(e.rule()).contains(ExpositionRule.TEXT_METADATA);
        assertThat(e.line()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ raw line feed in a label value

    @Test
    void aRawLineFeedInATextLabelValueIsIngestedAsPartOfTheValue() throws Exception {
        String text = "nl_metric{a=\"x\ny\",b=\"z\"} 1\nok_metric 1\n";
        Read r = read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, text);

        assertThat(r.samples()).extracting(ParsedSample::name).containsExactly("nl_metric", "ok_metric");
        ParsedSample nl = r.samples().getFirst();
        assertThat(nl.labelMap()).containsExactly(Map.entry("a", "x\ny"), Map.entry("b", "z"));
        assertThat(nl.value()).isEqualTo(1.0);
        assertThat(nl.line()).as("a sample is placed on the line it starts on").isEqualTo(1);
        assertThat(r.samples().get(1).line()).isEqualTo(3);
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo(ExpositionRule.TEXT_LABEL_VALUE_NEWLINE);
            assertThat(w.line()).isEqualTo(1);
            assertThat(w.column()).isEqualTo(15);
            assertThat(w.rule().prometheusAccepts()).isTrue();
        });
    }

    @Test
    void severalLineFeedsAndAMissingCommaAreEachReportedOnce() throws Exception {
        String text = "m{a=\"1\" b=\"x\n\ny\"} 2\n";
        Read r = read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, text);
        assertThat(r.samples())
                .singleElement()
                .satisfies(s -> assertThat(s.label("b")).isEqualTo("x\n\ny"));
        assertThat(r.warnings())
                .extracting(ExpositionWarning::rule)
                .containsExactly(
                        ExpositionRule.TEXT_LABEL_COMMA,
                        ExpositionRule.TEXT_LABEL_VALUE_NEWLINE,
                        ExpositionRule.TEXT_LABEL_VALUE_NEWLINE);
    }

    @Test
    void aRawLineFeedInALabelValueFailsTheStrictCheckAndOpenMetrics() {
        String text = "nl_metric{a=\"x\ny\"} 1\nok_metric 1\n";
        ExpositionParseException strict = failure(ExpositionFormat.PROMETHEUS_TEXT, Strictness.SPEC, text);
        assertThat(strict.rule()).contains(ExpositionRule.TEXT_LABEL_VALUE_NEWLINE);
        assertThat(strict.line()).isEqualTo(1);
        assertThat(strict.describe()).contains("line feed are written escaped");

        for (Strictness strictness : Strictness.values()) {
            ExpositionParseException om =
                    failure(ExpositionFormat.OPENMETRICS, strictness, text.replace("ok_metric 1\n", "# EOF\n"));
            assertThat(om.rule()).contains(ExpositionRule.OM_SYNTAX);
            assertThat(om.getMessage()).contains("unterminated label value");
        }
    }

    @Test
    void aLabelValueLeftOpenAtTheEndOfTheInputOrPastTheLineLimitFails() {
        ExpositionParseException atEnd =
                failure(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, "m{a=\"never closed\n");
        assertThat(atEnd.rule()).contains(ExpositionRule.TEXT_SYNTAX);
        assertThat(atEnd.getMessage()).contains("end of the input");

        String runaway = "m{a=\"" + "x\n".repeat(3000) + "\"} 1\n";
        ExpositionParseException tooLong = failure(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, runaway);
        assertThat(tooLong.rule()).contains(ExpositionRule.LINE_LIMIT);
        assertThat(tooLong.line()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ a series twice in one scrape

    /** The real shapes observed: repeated as is, with its labels reordered, with an extra empty label, apart. */
    private static final String DUPLICATES_TEXT = """
            # TYPE dup_metric gauge
            dup_metric{a="1"} 1
            dup_metric{a="1"} 2
            pair{a="1",b="2"} 3
            pair{b="2",a="1"} 4
            empty{a="1",b=""} 5
            empty{a="1"} 6
            other 7
            dup_metric{a="1"} 8
            stamped{a="1"} 9 1700000000000
            stamped{a="1"} 10 1700000001000
            """;

    @Test
    void aRepeatedSeriesKeepsItsFirstSampleWithAWarningNamingIt() throws Exception {
        Read r = read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, DUPLICATES_TEXT);

        assertThat(r.samples()).extracting(ParsedSample::value).containsExactly(1.0, 3.0, 5.0, 7.0, 9.0, 10.0);
        assertThat(r.warnings()).extracting(ExpositionWarning::rule).containsOnly(ExpositionRule.TEXT_SERIES_UNIQUE);
        assertThat(r.warnings()).extracting(ExpositionWarning::line).containsExactly(3L, 5L, 7L, 9L);
        assertThat(r.warnings().getFirst().message())
                .isEqualTo("line 3: series dup_metric{a=\"1\"} repeats the sample of line 2 [Prometheus text format"
                        + " 0.0.4, Text format details]; sample dropped, the first one kept, as Prometheus does");
        assertThat(r.warnings().get(1).message()).contains("series pair{b=\"2\",a=\"1\"} repeats the sample of line 4");
        assertThat(r.warnings().get(2).message()).contains("series empty{a=\"1\"} repeats the sample of line 6");
    }

    @Test
    void aRepeatedSeriesFailsTheStrictCheckNamingTheRule() throws Exception {
        ExpositionParseException e = failure(ExpositionFormat.PROMETHEUS_TEXT, Strictness.SPEC, DUPLICATES_TEXT);
        assertThat(e.rule()).contains(ExpositionRule.TEXT_SERIES_UNIQUE);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.describe())
                .isEqualTo("line 3, column 1: series dup_metric{a=\"1\"} repeats the sample of line 2 — breaks"
                        + " Prometheus text format 0.0.4, Text format details: a metric name and label set appear on"
                        + " one sample line only (without timestamps, a second one is a second value for the same"
                        + " series and time) (Prometheus' scrape accepts this)");
        assertThat(ExpositionCheck.check(
                        new ByteArrayInputStream(DUPLICATES_TEXT.getBytes(StandardCharsets.UTF_8)),
                        ExpositionFormat.PROMETHEUS_TEXT))
                .isInstanceOfSatisfying(ExpositionCheck.Invalid.class, invalid -> {
                    assertThat(invalid.error().rule()).contains(ExpositionRule.TEXT_SERIES_UNIQUE);
                    assertThat(invalid.toJson()).contains("\"line\":3", "a metric name and label set appear on one");
                });
    }

    @Test
    void aRepeatedSeriesInOpenMetricsKeepsItsFirstSample() throws Exception {
        String om = """
                # TYPE dup_metric gauge
                dup_metric{a="1"} 1
                dup_metric{a="1"} 2
                ok_metric 1
                # EOF
                """;
        Read r = read(ExpositionFormat.OPENMETRICS, Strictness.PROMETHEUS, om);
        assertThat(r.samples()).extracting(ParsedSample::value).containsExactly(1.0, 1.0);
        assertThat(r.samples()).extracting(ParsedSample::name).containsExactly("dup_metric", "ok_metric");
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo(ExpositionRule.OM_SERIES_UNIQUE);
            assertThat(w.line()).isEqualTo(3);
        });

        ExpositionParseException strict = failure(ExpositionFormat.OPENMETRICS, Strictness.SPEC, om);
        assertThat(strict.rule()).contains(ExpositionRule.OM_SERIES_UNIQUE);
        assertThat(strict.describe()).contains("MUST have a unique LabelSet");
    }

    @Test
    void samplesWithTimestampsAreNotRepeatsOfEachOther() throws Exception {
        String om = """
                # TYPE a gauge
                a{a="1"} 1 0
                a{a="1"} 2 0
                # EOF
                """;
        for (Strictness strictness : Strictness.values()) {
            assertThat(read(ExpositionFormat.OPENMETRICS, strictness, om).samples())
                    .hasSize(2);
        }
    }

    @Test
    void seriesKeysDoNotCollide() {
        assertThat(ExpositionParser.seriesKey("a", new String[] {"b", "c\0d"}))
                .isNotEqualTo(ExpositionParser.seriesKey("a", new String[] {"b", "c", "d", "x"}));
        assertThat(ExpositionParser.seriesKey("a", new String[] {"x", "1", "b", "2"}))
                .isEqualTo(ExpositionParser.seriesKey("a", new String[] {"b", "2", "x", "1", "e", ""}));
        assertThat(ExpositionParser.seriesKey("a", new String[] {"b", "1"}))
                .isNotEqualTo(ExpositionParser.seriesKey("ab", new String[] {"b", "1"}));
    }

    @Test
    void theSampleLimitCountsOnlyIngestedSamples() {
        assertThatThrownBy(() -> new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, 4096, 2, Strictness.PROMETHEUS)
                        .parse(
                                new ByteArrayInputStream("a 1\na 2\nb 1\nc 1\n".getBytes(StandardCharsets.UTF_8)),
                                s -> {}))
                .isInstanceOfSatisfying(
                        SampleLimitExceededException.class,
                        e -> assertThat(e.line()).isEqualTo(4));
    }
}
