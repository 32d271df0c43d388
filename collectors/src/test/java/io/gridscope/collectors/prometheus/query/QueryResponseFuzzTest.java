package io.gridscope.collectors.prometheus.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the PromQL response reader: any body is either a {@link QueryResponse} or a {@link
 * PromQueryException}, never an unchecked exception. {@code mvn verify} replays the corpus in
 * {@code QueryResponseFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes.
 */
class QueryResponseFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyBodyIsAResponseOrAQueryError(byte[] body) {
        QueryResponse response;
        try {
            response = QueryResponseParser.parse(body, 200);
        } catch (PromQueryException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.httpStatus()).isEqualTo(200);
            return;
        }
        assertThat(response.data()).isNotNull();
        switch (response.data()) {
            case QueryData.Vector v ->
                v.samples().forEach(s -> assertThat(s.metric()).isNotNull());
            case QueryData.Matrix m ->
                m.series().forEach(s -> assertThat(s.points()).isNotNull());
            case QueryData.Scalar s -> assertThat(s.epochMillis()).isNotNull();
            case QueryData.StringValue s -> assertThat(s.value()).isNotNull();
        }
    }
}
