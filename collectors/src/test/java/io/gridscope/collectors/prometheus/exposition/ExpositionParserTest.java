package io.gridscope.collectors.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpositionParserTest {
    private static CollectingHandler parse(ExpositionFormat format, String text) throws Exception {
        CollectingHandler r = new CollectingHandler();
        new ExpositionParser(format).parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), r);
        return r;
    }

    private static InputStream fixture(String name) {
        return ExpositionParserTest.class.getResourceAsStream(name);
    }

    @Test
    void prometheusTextFixtureParsesWithItsLeniencies() throws Exception {
        CollectingHandler r = new CollectingHandler();
        try (InputStream in = fixture("text-0.0.4.prom")) {
            new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT).parse(in, r);
        }
        assertThat(r.samples()).hasSize(12);
        assertThat(r.families())
                .extracting(MetricFamilyInfo::name)
                .containsExactly(
                        "node_cpu_seconds_total",
                        "http_request_duration_seconds",
                        "rpc_seconds",
                        "untyped_thing",
                        "spaced_metric",
                        "no_newline_at_end");
        assertThat(r.families().get(0).type()).isEqualTo(MetricType.COUNTER);
        assertThat(r.families().get(0).help()).isEqualTo("Seconds the CPUs spent in each mode.");
        assertThat(r.families().get(1).type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(r.families().get(3).type()).isEqualTo(MetricType.UNKNOWN);

        ParsedSample tab = r.samples().get(1);
        assertThat(tab.labelMap()).containsExactly(Map.entry("cpu", "0"), Map.entry("mode", "user"));
        assertThat(tab.value()).isEqualTo(1234.5);
        assertThat(r.samples().get(0).value()).isEqualTo(3.99e6);

        ParsedSample trailingComma = r.samples().get(3);
        assertThat(trailingComma.family().name()).isEqualTo("http_request_duration_seconds");
        assertThat(trailingComma.suffix()).isEqualTo("_bucket");
        assertThat(trailingComma.label("le")).isEqualTo("+Inf");

        assertThat(r.samples().get(6).value()).isNaN();
        assertThat(r.samples().get(6).family().type()).isEqualTo(MetricType.SUMMARY);

        ParsedSample escaped = r.samples().get(9);
        assertThat(escaped.label("path")).isEqualTo("C:\\dir\\");
        assertThat(escaped.value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(escaped.hasTimestamp()).isTrue();
        assertThat(escaped.timestampMillis()).isEqualTo(1_700_000_000_000L);

        ParsedSample spaced = r.samples().get(10);
        assertThat(spaced.label("a")).isEqualTo("x\"y\nz");
        assertThat(spaced.value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(spaced.timestampMillis()).isEqualTo(-5);

        assertThat(r.samples().get(11).name()).isEqualTo("no_newline_at_end");
    }

    @Test
    void openMetricsTimestampsAreSecondsAndBecomeMillis() throws Exception {
        CollectingHandler r = parse(ExpositionFormat.OPENMETRICS, """
                # TYPE a counter
                # UNIT a_seconds seconds
                # TYPE a_seconds gauge
                a_seconds 1 1700000000.123
                # EOF
                """.replace("# TYPE a counter\n", ""));
        assertThat(r.samples().getFirst().timestampMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(r.families().getFirst().unit()).isEqualTo("seconds");
    }

    @Test
    void eachSampleKnowsItsLine() throws Exception {
        CollectingHandler r = parse(ExpositionFormat.OPENMETRICS, """
                # TYPE a counter
                # HELP a A.
                a_total 1 1700000000
                a_total 2 1700000001.5
                # TYPE b gauge
                b 7 1700000002
                # EOF
                """);
        assertThat(r.samples()).extracting(ParsedSample::line).containsExactly(3L, 4L, 6L);
        assertThat(r.samples().get(1).timestampMillis()).isEqualTo(1_700_000_001_500L);
    }

    @Test
    void openMetricsExemplarsAndCreatedAreRead() throws Exception {
        CollectingHandler r = parse(ExpositionFormat.OPENMETRICS, """
                # TYPE req counter
                # HELP req Requests \\"served\\".
                req_total{code="200"} 10 # {trace_id="abc"} 1 1700000000
                req_created{code="200"} 1600000000
                # EOF
                """);
        assertThat(r.families().getFirst().help()).isEqualTo("Requests \"served\".");
        ParsedSample total = r.samples().get(0);
        assertThat(total.exemplar().labelPairs()).containsExactly("trace_id", "abc");
        assertThat(total.exemplar().timestampSeconds()).isEqualTo(1.7e9);
        assertThat(r.samples().get(1).suffix()).isEqualTo("_created");
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "ok 1\nbad{a=\"1\" b=\"2\"} 1\n"))
                .isInstanceOfSatisfying(ExpositionParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(11);
                    assertThat(e.getMessage()).startsWith("line 2, column 11: expected ',' or '}'");
                });
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "a 1\nb 0x1p-3\n"))
                .hasMessage("line 2, column 3: invalid value '0x1p-3'");
        assertThatThrownBy(() -> parse(ExpositionFormat.OPENMETRICS, "a 1\n")).hasMessageContaining("missing '# EOF'");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "# TYPE a gauge\n# TYPE a counter\n"))
                .hasMessage("line 2, column 1: second # TYPE for 'a'");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "a 1\n# TYPE a gauge\n"))
                .hasMessageContaining("after its samples");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "a 1 1.5\n"))
                .hasMessageContaining("expected integer milliseconds");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bytes = {'a', '{', 'b', '=', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ' ', '1', '\n'};
        assertThatThrownBy(() -> new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT)
                        .parse(new ByteArrayInputStream(bytes), new CollectingHandler()))
                .hasMessage("line 1, column 6: byte 0xc3 is not valid UTF-8");
    }

    @Test
    void lineLengthIsBounded() {
        String longLine = "a{b=\"" + "x".repeat(200_000) + "\"} 1\n";
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "ok 1\n" + longLine))
                .hasMessage("line 2: line is longer than the limit of 65536 bytes");
    }

    @Test
    void longLinesAcrossReadBuffersWithinTheLimitParse() throws Exception {
        ExpositionParser parser = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, 1 << 20, 0);
        String value = "é".repeat(100_000);
        CollectingHandler r = new CollectingHandler();
        parser.parse(new ByteArrayInputStream(("a{b=\"" + value + "\"} 1\n").getBytes(StandardCharsets.UTF_8)), r);
        assertThat(r.samples().getFirst().label("b")).isEqualTo(value);
    }

    @Test
    void sampleLimitStopsTheParse() {
        ExpositionParser parser = new ExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, 1024, 2);
        assertThatThrownBy(() ->
                        parser.parse(new ByteArrayInputStream("a 1\nb 2\nc 3\n".getBytes()), new CollectingHandler()))
                .hasMessage("line 3, column 1: sample limit of 2 exceeded");
    }

    @Test
    void checkCountsFamiliesSamplesAndTypes() throws IOException {
        ExpositionCheck.Outcome outcome;
        try (InputStream in = fixture("text-0.0.4.prom")) {
            outcome = ExpositionCheck.check(in, ExpositionFormat.PROMETHEUS_TEXT);
        }
        assertThat(outcome.toJson())
                .isEqualTo(
                        "{\"families\":6,\"samples\":12,\"types\":{\"counter\":1,\"histogram\":1,\"summary\":1,\"unknown\":3}}");
        ExpositionCheck.Outcome invalid = ExpositionCheck.check(
                new ByteArrayInputStream("a 1\n\n# EOF\n".getBytes()), ExpositionFormat.OPENMETRICS);
        assertThat(invalid.toJson())
                .isEqualTo("{\"error\":\"blank line (not allowed in OpenMetrics)\",\"line\":2,\"column\":0,"
                        + "\"rule\":\"OpenMetrics 1.0, ABNF: every line MUST follow the text format's ABNF\","
                        + "\"prometheus_accepts\":false}");
    }

    @Test
    void theContentTypeDecidesTheFormatWhenItNamesOne() {
        assertThat(ExpositionFormat.declaredBy("application/openmetrics-text; version=1.0.0"))
                .contains(ExpositionFormat.OPENMETRICS);
        assertThat(ExpositionFormat.declaredBy("text/plain; version=0.0.4; charset=utf-8"))
                .contains(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.declaredBy("Text/Plain")).contains(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionFormat.declaredBy(null)).isEmpty();
        assertThat(ExpositionFormat.declaredBy("application/json")).isEmpty();
        assertThat(ExpositionFormat.fromContentType(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);

        byte[] openMetricsBody = "# TYPE a counter\na_total 1 # {id=\"x\"} 1\n# EOF\n".getBytes();
        assertThat(ExpositionFormat.of("text/plain; version=0.0.4", openMetricsBody, openMetricsBody.length))
                .as("text/plain is text, whatever the body looks like")
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        byte[] textBody = "a 1\n".getBytes();
        assertThat(ExpositionFormat.of("application/openmetrics-text", textBody, textBody.length))
                .isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(ExpositionFormat.of(null, openMetricsBody, openMetricsBody.length))
                .isEqualTo(ExpositionFormat.OPENMETRICS);
    }

    @Test
    void withoutAContentTypeATrailingEofAloneDoesNotMakeOpenMetrics() {
        assertThat(ExpositionCheck.detect("a 1\n# EOF\n".getBytes()))
                .as("# EOF is a comment in text")
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionCheck.detect("# EOF".getBytes())).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionCheck.detect("a 1\n".getBytes())).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionCheck.detect("# HELP x_total X.\n# TYPE x_total counter\nx_total 1\n# EOF\n".getBytes()))
                .as("text's counter naming")
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(ExpositionCheck.detect("a{l=\"a # {b}\"} 1 1700000000000\n# EOF\n".getBytes()))
                .as("' # {' inside a label value and an integer timestamp are no signs")
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);

        for (String openMetrics : new String[] {
            "# TYPE a counter\na_total 1\n# EOF\n",
            "# TYPE a_seconds gauge\n# UNIT a_seconds seconds\na_seconds 1\n# EOF\n",
            "# TYPE a info\na_info{v=\"1\"} 1\n# EOF",
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\nh_created 1.7e9\n# EOF\n",
            "g{a=\"1\"} 1 1700000000.5\n# EOF\n",
            "g 1 # {trace_id=\"a\"} 1\n# EOF\n"
        }) {
            assertThat(ExpositionCheck.detect(openMetrics.getBytes()))
                    .as(openMetrics)
                    .isEqualTo(ExpositionFormat.OPENMETRICS);
        }
        assertThat(ExpositionCheck.detect("# TYPE a counter\na_total 1\n".getBytes()))
                .as("no # EOF, no OpenMetrics")
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    }

    @Test
    void aFileIsDetectedFromItsBeginningAndItsLastLine(@TempDir Path dir) throws IOException {
        String filler = "filler_gauge{i=\"%d\"} 1\n";
        StringBuilder om = new StringBuilder("# TYPE a counter\na_total 1\n");
        for (int i = 0; om.length() < 2 * ExpositionFormat.DETECT_HEAD_BYTES; i++) {
            om.append(filler.formatted(i));
        }
        Path big = Files.writeString(dir.resolve("big.om"), om + "# EOF\n");
        assertThat(ExpositionCheck.detect(big)).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(ExpositionCheck.endsWithEof(big)).isTrue();
        Path text = Files.writeString(dir.resolve("big.prom"), om.substring("# TYPE a counter\n".length()) + "# EOF");
        assertThat(ExpositionCheck.detect(text)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThat(ExpositionCheck.detect(empty)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    }
}
