package io.gridscope.collectors.prometheus.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.model.Sample;
import io.gridscope.testsupport.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromQueryClientTest {
    private LoopbackServer server;
    private final AtomicReference<Map<String, String>> lastForm = new AtomicReference<>();
    private final AtomicReference<String> lastAuth = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String path, int status, String json) {
        server.handle(path, ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new HashMap<>();
            for (String kv : body.split("&")) {
                String[] p = kv.split("=", 2);
                form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
            lastForm.set(form);
            lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            LoopbackServer.respond(ex, status, "application/json", json);
        });
    }

    private PromQueryClient client(Duration timeout) throws PromQueryException {
        return new PromQueryClient(PrometheusServerSource.of("prom", server.uri("/prefix/"), Credentials.bearer("tkn"))
                .withTimeout(timeout));
    }

    @Test
    void instantQuerySendsFormAndAuth() throws Exception {
        answer("/prefix/api/v1/query", 200, """
                {"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"42"]}}""");
        try (PromQueryClient c = client(Duration.ofSeconds(5))) {
            QueryResponse r = c.query("sum(up)", Instant.ofEpochMilli(1_700_000_000_500L));
            assertThat(r.data()).isEqualTo(new QueryData.Scalar(1_700_000_000_500L, 42));
        }
        assertThat(lastForm.get())
                .containsEntry("query", "sum(up)")
                .containsEntry("time", "1700000000.500")
                .containsEntry("timeout", "5000ms");
        assertThat(lastAuth.get()).isEqualTo("Bearer tkn");
    }

    @Test
    void rangeQueryIsAlignedToTheStep() throws Exception {
        answer("/prefix/api/v1/query_range", 200, """
                {"status":"success","data":{"resultType":"matrix","result":[]}}""");
        try (PromQueryClient c = client(Duration.ofSeconds(5))) {
            c.queryRange(
                    "up", Instant.ofEpochSecond(1_000_007), Instant.ofEpochSecond(1_000_051), Duration.ofSeconds(15));
        }
        assertThat(lastForm.get())
                .containsEntry("start", "1000005.000")
                .containsEntry("end", "1000065.000")
                .containsEntry("step", "15.000");
    }

    @Test
    void rangeLimitsAreCheckedBeforeSending() {
        assertThat(RangeQuery.aligned(Instant.ofEpochSecond(0), Instant.ofEpochSecond(60), Duration.ofSeconds(15))
                        .points())
                .isEqualTo(5);
        assertThatThrownBy(() ->
                        RangeQuery.aligned(Instant.EPOCH, Instant.ofEpochSecond(86_400 * 30), Duration.ofSeconds(1)))
                .hasMessageContaining("exceeds Prometheus' limit of 11000");
    }

    @Test
    void serverErrorsKeepTheirType() throws Exception {
        answer("/prefix/api/v1/query", 422, """
                {"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}""");
        try (PromQueryClient c = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.query("a * b", Instant.now()))
                    .isInstanceOfSatisfying(PromQueryException.class, e -> {
                        assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.EXECUTION);
                        assertThat(e.httpStatus()).isEqualTo(422);
                        assertThat(e.getMessage()).isEqualTo("execution: many-to-many matching not allowed");
                    });
        }
    }

    @Test
    void slowServerHitsTheClientTimeout() throws Exception {
        server.handle("/prefix/api/v1/query", ex -> {
            server.hangUntilClosed();
            LoopbackServer.respond(ex, 200, "application/json", "{}");
        });
        try (PromQueryClient c = client(Duration.ofMillis(300))) {
            assertThatThrownBy(() -> c.query("up", Instant.now()))
                    .isInstanceOfSatisfying(
                            PromQueryException.class,
                            e -> assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.CLIENT_TIMEOUT));
        }
    }

    @Test
    void unreachableServer() throws Exception {
        PrometheusServerSource src = PrometheusServerSource.of(
                "p", URI.create("http://127.0.0.1:" + LoopbackServer.closedPort()), Credentials.none());
        try (PromQueryClient c = new PromQueryClient(src)) {
            assertThatThrownBy(() -> c.query("up", Instant.now()))
                    .isInstanceOfSatisfying(
                            PromQueryException.class,
                            e -> assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.UNREACHABLE));
        }
    }

    @Test
    void presetHistoryBecomesGridscopeSamples() throws Exception {
        answer("/prefix/api/v1/query_range", 200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                 {"metric":{"gpu_uuid":"GPU-1","host":"n1","UUID":"GPU-1","Hostname":"n1","gpu":"0","instance":"n1:9400"},
                  "values":[[1700000000,"300.5"],[1700000015,"NaN"],[1700000030,"310"]]}]}}""");
        RemoteSeries power = RemoteSeries.forMetric("gpu_power_watts").orElseThrow();
        List<Sample> samples;
        try (PromQueryClient c = client(Duration.ofSeconds(5))) {
            samples = power.history(
                    c,
                    Instant.ofEpochSecond(1_700_000_000),
                    Instant.ofEpochSecond(1_700_000_030),
                    Duration.ofSeconds(15));
        }
        assertThat(lastForm.get().get("query"))
                .contains("DCGM_FI_DEV_POWER_USAGE{} < 9.2e18")
                .contains("\"gpu_uuid\"");
        assertThat(samples).extracting(Sample::value).containsExactly(300.5, 310.0);
        assertThat(samples.getFirst().series().toString()).isEqualTo("gpu_power_watts{gpu_uuid=\"GPU-1\",host=\"n1\"}");
        assertThat(RemoteSeries.forMetric("host_cpu_utilization_ratio")
                        .orElseThrow()
                        .promql(Duration.ofSeconds(30)))
                .contains("[120s]");
        assertThat(power.promql(Duration.ofSeconds(15), java.util.Optional.of("n\"1")))
                .contains("DCGM_FI_DEV_POWER_USAGE{Hostname=\"n\\\"1\"}");
        assertThat(RemoteSeries.forMetric("host_disk_read_bytes_per_second")
                        .orElseThrow()
                        .promql(Duration.ofSeconds(15), java.util.Optional.of("n1:9100")))
                .contains("node_disk_read_bytes_total{instance=\"n1:9100\"}[60s]")
                .contains("\"disk\"");
    }

    @Test
    void sourceToStringRedactsSecrets() {
        PrometheusServerSource src = PrometheusServerSource.of(
                "p", URI.create("https://prom.example"), Credentials.basic("admin", "sup3rs3cret"));
        assertThat(src.toString()).doesNotContain("sup3rs3cret");
    }
}
