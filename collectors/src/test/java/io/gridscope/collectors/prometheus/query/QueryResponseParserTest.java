package io.gridscope.collectors.prometheus.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.testsupport.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the Prometheus HTTP API responses in {@code <gridscope.shared.dir>/testdata/prometheus-http-api}. */
class QueryResponseParserTest {
    private static Path dir;

    /**
     * Before each test body (reported as a skip per test), so a missing folder never happens inside an
     * assertThatThrownBy.
     */
    @BeforeEach
    void sharedData() {
        dir = SharedTestData.require("testdata/prometheus-http-api");
    }

    private static byte[] api(String relative) throws IOException {
        return Files.readAllBytes(dir.resolve(relative));
    }

    private static QueryResponse parse(String relative, int status) throws Exception {
        return QueryResponseParser.parse(api(relative), status);
    }

    @Test
    void instantVector() throws Exception {
        QueryData.Vector v = (QueryData.Vector)
                parse("api-md-examples/01-instant-queries.json", 200).data();
        assertThat(v.samples()).hasSize(2);
        QueryData.InstantSample first = v.samples().getFirst();
        assertThat(first.metric()).containsEntry("__name__", "up").containsEntry("instance", "localhost:9090");
        assertThat(first.epochMillis()).isEqualTo(1435781451781L);
        assertThat(first.value()).isEqualTo(1.0);
        assertThat(v.samples().get(1).value()).isZero();
    }

    @Test
    void rangeMatrix() throws Exception {
        QueryData.Matrix m = (QueryData.Matrix)
                parse("api-md-examples/02-range-queries.json", 200).data();
        assertThat(m.series()).hasSize(2);
        assertThat(m.series().get(1).points())
                .extracting(QueryData.Point::epochMillis)
                .containsExactly(1435781430781L, 1435781445781L, 1435781460781L);
        assertThat(m.series().get(1).points())
                .extracting(QueryData.Point::value)
                .containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void scalarAndString() throws Exception {
        assertThat(parse("constructed-examples/scalar.json", 200).data())
                .isEqualTo(new QueryData.Scalar(1435781451781L, 1.0));
        assertThat(parse("constructed-examples/string.json", 200).data())
                .isEqualTo(new QueryData.StringValue(1435781451781L, "hello"));
    }

    @Test
    void specialFloatsAndEmptyVectors() throws Exception {
        QueryData.Vector v = (QueryData.Vector)
                parse("constructed-examples/vector-special-floats.json", 200).data();
        assertThat(v.samples())
                .extracting(QueryData.InstantSample::value)
                .containsExactly(631.95, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(((QueryData.Vector) parse("constructed-examples/vector-empty.json", 200)
                                .data())
                        .samples())
                .isEmpty();
    }

    @Test
    void nativeHistogram() throws Exception {
        QueryData.Vector v = (QueryData.Vector)
                parse("constructed-examples/vector-native-histogram.json", 200).data();
        QueryData.NativeHistogram h = v.samples().getFirst().histogram();
        assertThat(h.count()).isEqualTo(12);
        assertThat(h.sum()).isEqualTo(3.5);
        assertThat(h.buckets()).first().isEqualTo(new QueryData.Bucket(3, -0.001, 0.001, 2));
    }

    @Test
    void warningsAndInfos() throws Exception {
        QueryResponse r = parse("constructed-examples/success-with-warnings-infos.json", 200);
        assertThat(r.warnings()).singleElement().asString().startsWith("PromQL warning");
        assertThat(r.infos()).singleElement().asString().contains("DCGM_FI_DEV_POWER_USAGE");
    }

    @Test
    void errorTypesAndStatuses() {
        Map<String, Object[]> cases = Map.of(
                "constructed-examples/error-bad_data-400.json",
                        new Object[] {PromQueryException.ErrorType.BAD_DATA, 400},
                "constructed-examples/error-bad_data-step-400.json",
                        new Object[] {PromQueryException.ErrorType.BAD_DATA, 400},
                "constructed-examples/error-execution-422.json",
                        new Object[] {PromQueryException.ErrorType.EXECUTION, 422},
                "constructed-examples/error-timeout-503.json",
                        new Object[] {PromQueryException.ErrorType.TIMEOUT, 503});
        cases.forEach((file, expected) -> assertThatThrownBy(() -> parse(file, (int) expected[1]))
                .isInstanceOfSatisfying(PromQueryException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(expected[0]);
                    assertThat(e.httpStatus()).isEqualTo(expected[1]);
                    assertThat(e.getMessage()).isNotBlank();
                }));
    }

    @Test
    void nonJsonIsABadResponse() {
        assertThatThrownBy(() -> QueryResponseParser.parse("<html>502 Bad Gateway</html>".getBytes(), 502))
                .isInstanceOfSatisfying(PromQueryException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains("HTTP 502");
                });
    }
}
