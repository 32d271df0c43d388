package io.gridscope.collectors.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.exposition.ExpositionParser.Strictness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser read as Prometheus' scrape reads ({@link Strictness#PROMETHEUS}): what Prometheus ingests is ingested,
 * each broken rule reported as a warning; what Prometheus refuses still fails. The same payloads read strictly
 * ({@link Strictness#SPEC}) fail, naming the rule.
 */
class PrometheusLeniencyTest {
    /**
     * What client_golang's OpenMetrics encoder writes for a histogram and a summary that observed negative values
     * (a temperature delta, a clock offset): HELP before TYPE, canonical {@code le} values, {@code _sum} then
     * {@code _count}, {@code _created} lines, and the counter family named without its {@code _total}.
     */
    static final String GO_CLIENT_NEGATIVE_SUM = """
            # HELP go_goroutines Number of goroutines that currently exist.
            # TYPE go_goroutines gauge
            go_goroutines 14
            # HELP inlet_temperature_delta_celsius Change of the inlet temperature between two readings.
            # TYPE inlet_temperature_delta_celsius histogram
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-1.0"} 2
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-0.5"} 3
            inlet_temperature_delta_celsius_bucket{rack="r7",le="0.0"} 5
            inlet_temperature_delta_celsius_bucket{rack="r7",le="0.5"} 6
            inlet_temperature_delta_celsius_bucket{rack="r7",le="1.0"} 7
            inlet_temperature_delta_celsius_bucket{rack="r7",le="+Inf"} 7
            inlet_temperature_delta_celsius_sum{rack="r7"} -3.1
            inlet_temperature_delta_celsius_count{rack="r7"} 7
            inlet_temperature_delta_celsius_created{rack="r7"} 1.7401248e+09
            # HELP ntp_offset_seconds Offset of the local clock from the NTP reference.
            # TYPE ntp_offset_seconds summary
            ntp_offset_seconds{quantile="0.5"} -0.0021
            ntp_offset_seconds{quantile="0.9"} 0.0013
            ntp_offset_seconds_sum -0.0187
            ntp_offset_seconds_count 12
            ntp_offset_seconds_created 1.7401248e+09
            # HELP readings Sensor readings taken.
            # TYPE readings counter
            readings_total{rack="r7"} 7
            readings_created{rack="r7"} 1.7401248e+09
            # EOF
            """;

    /** The same data as client_golang's text 0.0.4 encoder writes it (no _created, counters named with _total). */
    static final String GO_CLIENT_NEGATIVE_SUM_TEXT = """
            # HELP inlet_temperature_delta_celsius Change of the inlet temperature between two readings.
            # TYPE inlet_temperature_delta_celsius histogram
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-1"} 2
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-0.5"} 3
            inlet_temperature_delta_celsius_bucket{rack="r7",le="0"} 5
            inlet_temperature_delta_celsius_bucket{rack="r7",le="+Inf"} 7
            inlet_temperature_delta_celsius_sum{rack="r7"} -3.1
            inlet_temperature_delta_celsius_count{rack="r7"} 7
            # HELP ntp_offset_seconds Offset of the local clock from the NTP reference.
            # TYPE ntp_offset_seconds summary
            ntp_offset_seconds{quantile="0.5"} -0.0021
            ntp_offset_seconds_sum -0.0187
            ntp_offset_seconds_count 12
            """;

    private record Read(CollectingHandler collected, List<ExpositionWarning> warnings) {}

    private static Read read(ExpositionFormat format, Strictness strictness, String text) throws Exception {
        return read(format, strictness, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Read read(ExpositionFormat format, Strictness strictness, byte[] bytes) throws Exception {
        List<ExpositionWarning> warnings = new ArrayList<>();
        CollectingHandler collected = new CollectingHandler();
        ExpositionHandler handler = new ExpositionHandler() {
            @Override
            public void family(MetricFamilyInfo family) {
                collected.family(family);
            }

            @Override
            public void sample(ParsedSample sample) {
                collected.sample(sample);
            }

            @Override
            public void warning(ExpositionWarning warning) {
                warnings.add(warning);
                collected.warning(warning);
            }
        };
        new ExpositionParser(format, 4096, 0, strictness).parse(new ByteArrayInputStream(bytes), handler);
        return new Read(collected, warnings);
    }

    private static ExpositionParseException strictError(ExpositionFormat format, String text) {
        try {
            read(format, Strictness.SPEC, text);
        } catch (ExpositionParseException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("a strict parse should have failed:\n" + text);
    }

    @Test
    void goClientHistogramWithNegativeSumIsIngestedWithWarnings() throws Exception {
        Read r = read(ExpositionFormat.OPENMETRICS, Strictness.PROMETHEUS, GO_CLIENT_NEGATIVE_SUM);

        assertThat(r.collected().samples()).hasSize(17);
        ParsedSample sum = r.collected().samples().stream()
                .filter(s -> s.name().equals("inlet_temperature_delta_celsius_sum"))
                .findFirst()
                .orElseThrow();
        assertThat(sum.value()).isEqualTo(-3.1);
        assertThat(sum.family().type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(r.collected().families())
                .extracting(MetricFamilyInfo::name)
                .containsExactly("go_goroutines", "inlet_temperature_delta_celsius", "ntp_offset_seconds", "readings");

        assertThat(r.warnings())
                .extracting(ExpositionWarning::rule)
                .containsExactly(
                        ExpositionRule.OM_HISTOGRAM_VALUES,
                        ExpositionRule.OM_HISTOGRAM_SUM_WITH_NEGATIVE_BUCKETS,
                        ExpositionRule.OM_QUANTILE,
                        ExpositionRule.OM_SUMMARY_VALUES);
        assertThat(r.warnings())
                .allSatisfy(w -> assertThat(w.rule().prometheusAccepts()).isTrue());
        assertThat(r.warnings().getFirst().message())
                .isEqualTo("line 12: counter-like sample inlet_temperature_delta_celsius_sum cannot be negative (-3.1)"
                        + " [OpenMetrics 1.0, Histogram]; ingested as Prometheus does");
        assertThat(r.collected().warnings().summary()).hasSize(4);
    }

    @Test
    void theSameGoClientPayloadFailsAStrictCheckNamingTheRule() {
        ExpositionParseException e = strictError(ExpositionFormat.OPENMETRICS, GO_CLIENT_NEGATIVE_SUM);
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.rule()).contains(ExpositionRule.OM_HISTOGRAM_VALUES);
        assertThat(e.describe())
                .isEqualTo("line 12, column 1: counter-like sample inlet_temperature_delta_celsius_sum cannot be"
                        + " negative (-3.1) — breaks OpenMetrics 1.0, Histogram: Sum, Count and bucket values are"
                        + " counters so MUST NOT be NaN or negative (Prometheus' scrape accepts this)");
    }

    @Test
    void negativeSumsAreValidPrometheusText() throws Exception {
        for (Strictness strictness : Strictness.values()) {
            Read r = read(ExpositionFormat.PROMETHEUS_TEXT, strictness, GO_CLIENT_NEGATIVE_SUM_TEXT);
            assertThat(r.collected().samples()).hasSize(9);
            assertThat(r.warnings()).as("text 0.0.4 has no rule against it").isEmpty();
        }
    }

    @Test
    void aTextFileEndingWithEofReadsAsTextWhereEofIsAComment() throws Exception {
        String text = GO_CLIENT_NEGATIVE_SUM_TEXT + "\n# a free comment\n# EOF\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(ExpositionCheck.detect(bytes)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        for (Strictness strictness : Strictness.values()) {
            Read r = read(ExpositionFormat.PROMETHEUS_TEXT, strictness, bytes);
            assertThat(r.collected().samples()).hasSize(9);
            assertThat(r.warnings()).isEmpty();
        }
        assertThat(ExpositionCheck.check(new ByteArrayInputStream(bytes), ExpositionFormat.PROMETHEUS_TEXT))
                .isInstanceOf(ExpositionCheck.Valid.class);
    }

    @Test
    void textMetadataRulesPrometheusDoesNotEnforceAreWarnings() throws Exception {
        String text = """
                # HELP a First help.
                # HELP a Second help.
                # TYPE a gauge
                # TYPE a counter
                a{x="1" y="2"} 1
                b 2
                # TYPE b gauge
                #TYPE c bogus
                # HELP
                c 3
                """;
        Read r = read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, text);
        assertThat(r.collected().samples()).extracting(ParsedSample::name).containsExactly("a", "b", "c");
        assertThat(r.collected().samples().getFirst().labelMap()).containsOnlyKeys("x", "y");
        MetricFamilyInfo a = r.collected().samples().getFirst().family();
        assertThat(a.help()).isEqualTo("First help.");
        assertThat(a.type()).as("the first TYPE kept").isEqualTo(MetricType.GAUGE);
        assertThat(r.collected().samples().get(1).family().type())
                .as("TYPE after the samples ignored")
                .isEqualTo(MetricType.UNKNOWN);
        assertThat(r.warnings())
                .extracting(ExpositionWarning::rule)
                .containsExactly(
                        ExpositionRule.TEXT_HELP_ONCE,
                        ExpositionRule.TEXT_TYPE_ONCE,
                        ExpositionRule.TEXT_LABEL_COMMA,
                        ExpositionRule.TEXT_TYPE_FIRST,
                        ExpositionRule.TEXT_METADATA_AS_COMMENT,
                        ExpositionRule.TEXT_METADATA_AS_COMMENT);
        assertThat(r.warnings()).extracting(ExpositionWarning::line).containsExactly(2L, 4L, 5L, 7L, 8L, 9L);

        assertThat(strictError(ExpositionFormat.PROMETHEUS_TEXT, text).describe())
                .isEqualTo("line 2, column 1: second # HELP for 'a' — breaks Prometheus text format 0.0.4, Comments,"
                        + " help text, and type information: only one HELP line may exist for any given metric name"
                        + " (Prometheus' scrape accepts this)");
        assertThat(strictError(ExpositionFormat.PROMETHEUS_TEXT, "a{x=\"1\" y=\"2\"} 1\n")
                        .rule())
                .contains(ExpositionRule.TEXT_LABEL_COMMA);
    }

    @Test
    void aValueMayFollowTheClosingBraceAtOnce() throws Exception {
        for (Strictness strictness : Strictness.values()) {
            Read r = read(ExpositionFormat.PROMETHEUS_TEXT, strictness, "a{b=\"c\"}1\nd{}2 3\n");
            assertThat(r.collected().samples()).extracting(ParsedSample::value).containsExactly(1.0, 2.0);
            assertThat(r.warnings()).isEmpty();
        }
    }

    @Test
    void bytesThatAreNotUtf8AreSkippedInAFreeCommentOnly() throws Exception {
        byte[] comment = {'#', ' ', 'c', (byte) 0xff, '\n', 'a', ' ', '1', '\n'};
        Read r = read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, comment);
        assertThat(r.collected().samples()).hasSize(1);
        assertThat(r.warnings()).extracting(ExpositionWarning::rule).containsExactly(ExpositionRule.TEXT_COMMENT_UTF8);

        byte[] help = {'#', ' ', 'H', 'E', 'L', 'P', ' ', 'a', ' ', (byte) 0xff, '\n', 'a', ' ', '1', '\n'};
        assertThatThrownBy(() -> read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, help))
                .isInstanceOfSatisfying(
                        ExpositionParseException.class,
                        e -> assertThat(e.rule()).contains(ExpositionRule.TEXT_UTF8));
    }

    @Test
    void openMetricsRulesPrometheusDoesNotEnforceAreWarnings() throws Exception {
        String longLabel = "x".repeat(130);
        String om = """
                # TYPE a counter
                a_total{k="1",} 1 # {trace_id="%s"} 1
                # HELP a Late help.
                # TYPE g gauge
                g{l="1"} 1 1700000000
                g{l="2"} 1 1700000000
                g{l="1"} 2 1700000001
                # TYPE s stateset
                s{s="a"} 2
                # TYPE g gauge
                g 3
                # EOF
                """.formatted(longLabel);
        Read r = read(ExpositionFormat.OPENMETRICS, Strictness.PROMETHEUS, om);
        assertThat(r.collected().samples()).hasSize(6);
        assertThat(r.collected().samples().getFirst().exemplar())
                .as("an exemplar over 128 characters is dropped")
                .isNull();
        assertThat(r.warnings())
                .extracting(ExpositionWarning::rule)
                .containsExactly(
                        ExpositionRule.OM_LABEL_TRAILING_COMMA,
                        ExpositionRule.OM_EXEMPLAR_LENGTH,
                        ExpositionRule.OM_METADATA_FIRST,
                        ExpositionRule.OM_METRIC_INTERLEAVED,
                        ExpositionRule.OM_STATESET,
                        ExpositionRule.OM_FAMILY_UNIQUE);
    }

    @Test
    void whatPrometheusRefusesStillFails() {
        String[][] refused = {
            {"a{x=\"1\",x=\"2\"} 1\n# EOF\n", "OM_LABEL_UNIQUE"},
            {"# TYPE a gauge\n# UNIT a seconds\na 1\n# EOF\n", "OM_UNIT_SUFFIX"},
            {"a 1\n", "OM_EOF"},
            {"a 1\n\n# EOF\n", "OM_SYNTAX"},
            {"a  1\n# EOF\n", "OM_SYNTAX"},
            {"# a comment\na 1\n# EOF\n", "OM_COMMENT"},
            {"# TYPE a untyped\n# EOF\n", "OM_TYPE"},
            {"a 1 NaN\n# EOF\n", "OM_TIMESTAMP"},
            {"a 1\n# EOF\nb 1\n", "OM_AFTER_EOF"},
        };
        for (String[] c : refused) {
            assertThatThrownBy(() -> read(ExpositionFormat.OPENMETRICS, Strictness.PROMETHEUS, c[0]))
                    .as(c[0])
                    .isInstanceOfSatisfying(ExpositionParseException.class, e -> {
                        assertThat(e.rule()).contains(ExpositionRule.valueOf(c[1]));
                        assertThat(e.rule().orElseThrow().prometheusAccepts()).isFalse();
                    });
        }
        String[][] refusedText = {
            {"a{x=\"1\",x=\"2\"} 1\n", "TEXT_LABEL_UNIQUE"},
            {"# TYPE a bogus\n", "TEXT_TYPE"},
            {"# TYPE a counter extra\n", "TEXT_TYPE"},
            {"# HELP \n", "TEXT_METADATA"},
            {"a 1 1.5\n", "TEXT_TIMESTAMP"},
            {"a 0x1p-3\n", "TEXT_VALUE"},
            {"a{b=c} 1\n", "TEXT_SYNTAX"},
        };
        for (String[] c : refusedText) {
            assertThatThrownBy(() -> read(ExpositionFormat.PROMETHEUS_TEXT, Strictness.PROMETHEUS, c[0]))
                    .as(c[0])
                    .isInstanceOfSatisfying(
                            ExpositionParseException.class,
                            e -> assertThat(e.rule()).contains(ExpositionRule.valueOf(c[1])));
        }
    }

    @Test
    void warningsStayFewAndShortWhateverThePayload() throws Exception {
        StringBuilder om = new StringBuilder("# TYPE c counter\n");
        for (int i = 0; i < 10_000; i++) {
            om.append("c_total{i=\"").append(i).append("\"} -1\n");
        }
        om.append("# TYPE d stateset\nd 5\n# TYPE e info\ne_info 2\n# TYPE f summary\nf_sum -1\n")
                .append("# TYPE h histogram\nh_count 1\nh_sum 1\n# TYPE q summary\nq{quantile=\"2\"} 1\n# EOF\n");
        Read r = read(ExpositionFormat.OPENMETRICS, Strictness.PROMETHEUS, om.toString());
        assertThat(r.collected().samples()).hasSize(10_006);
        ExpositionWarnings summary = r.collected().warnings();
        assertThat(summary.total()).isEqualTo(r.warnings().size()).isGreaterThan(10_000);
        List<String> lines = summary.summary();
        assertThat(lines).hasSize(ExpositionWarnings.MAX_LISTED + 1);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(ExpositionWarnings.MAX_LINE_CHARS));
        assertThat(lines.getFirst())
                .startsWith("line 2: counter-like sample c_total cannot be negative (-1)")
                .endsWith("(9999 more like it)");
        assertThat(lines.getLast()).matches("\\d+ more warnings? of \\d+ other kinds?");
    }
}
