package io.gridscope.console.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.reports.usage.GpuRef;
import io.gridscope.reports.usage.SlotGrid;
import io.gridscope.reports.usage.UsageException;
import io.gridscope.testsupport.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fleet path's reads are bounded in time and in requests, and every failure names the server and the read. */
class FleetBoundsTest {
    private static final long FROM = Instant.parse("2026-08-01T00:00:00Z").toEpochMilli();
    private static final String PROBE_ANSWER =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"3\"]}]}}";

    private static PromQueryClient client(URI url) throws Exception {
        return new PromQueryClient(PrometheusServerSource.of("bounds", url, Credentials.none()));
    }

    @Test
    void aReportsReadsStopOnceItsTimeoutHasPassed() throws Exception {
        AtomicLong nanos = new AtomicLong();
        try (PromQueryClient c = client(URI.create("http://127.0.0.1:" + LoopbackServer.closedPort()));
                PrometheusUsageSource source = new PrometheusUsageSource(c, Duration.ofMinutes(1), false, nanos::get)) {
            SlotGrid grid = source.grid(FROM, FROM + 3_600_000);
            nanos.set(Duration.ofMinutes(1).toNanos());
            assertThatThrownBy(() -> source.gpus(grid))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("Prometheus server bounds: the report's reads took longer than 1 min (stopped at:"
                            + " checking how it selects ranges)");
        }
    }

    @Test
    void anUnreachableServerIsNamedWithTheReadThatFailed() throws Exception {
        try (PromQueryClient c = client(URI.create("http://127.0.0.1:" + LoopbackServer.closedPort()));
                PrometheusUsageSource source = new PrometheusUsageSource(c, Duration.ofMinutes(1))) {
            SlotGrid grid = source.grid(FROM, FROM + 3_600_000);
            assertThatThrownBy(() -> source.hosts(grid))
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith(
                            "Prometheus server bounds (checking how it selects ranges): cannot connect to 127.0.0.1");
        }
    }

    @Test
    void theServersOwnErrorIsPassedOn() throws Exception {
        try (LoopbackServer server = new LoopbackServer()
                        .handle(
                                "/api/v1/query_range",
                                ex -> LoopbackServer.respond(
                                        ex,
                                        400,
                                        "application/json",
                                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"))
                        .handle(
                                "/api/v1/query",
                                ex -> LoopbackServer.respond(ex, 200, "application/json", PROBE_ANSWER));
                PromQueryClient c = client(server.uri("/"));
                PrometheusUsageSource source = new PrometheusUsageSource(c, Duration.ofMinutes(1))) {
            SlotGrid grid = source.grid(FROM, FROM + 3_600_000);
            assertThatThrownBy(() -> source.gpus(grid))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("Prometheus server bounds (finding GPUs and hosts): bad_data: parse error");
        }
    }

    /**
     * A counter that needs phase two in every 31st slot of 92 days (too far apart for their runs to merge) would need
     * over 4,000 phase-two requests: refused before any is sent (the limit is {@value
     * PrometheusUsageSource#MAX_EXACT_REQUESTS}).
     */
    @Test
    void tooManySlotsWithResetsAreRefusedNotReadForever() throws Exception {
        AtomicInteger phaseTwo = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer()
                        .handle(
                                "/api/v1/query",
                                ex -> LoopbackServer.respond(ex, 200, "application/json", PROBE_ANSWER))
                        .handle("/api/v1/query_range", ex -> answerRange(ex, phaseTwo));
                PromQueryClient c = client(server.uri("/"));
                PrometheusUsageSource source = new PrometheusUsageSource(c, Duration.ofMinutes(5))) {
            SlotGrid grid = source.grid(FROM, FROM + Duration.ofDays(92).toMillis());
            assertThat(grid.stepMillis()).isEqualTo(60_000);
            assertThat(source.gpus(grid)).containsExactly(new GpuRef("h", "GPU-1", ""));
            assertThatThrownBy(() -> source.gpu(new GpuRef("h", "GPU-1", ""), grid))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("Prometheus server bounds: GPUs of h (slots with a counter reset or a series start)"
                            + " would need more than 2000 requests (counters reset in too many slots); report a"
                            + " shorter period");
            assertThat(phaseTwo.get()).isZero();
        }
    }

    /** Discovery: one GPU; phase one: "needs phase two" in every 31st slot; phase two: nothing. */
    private static void answerRange(HttpExchange ex, AtomicInteger phaseTwo) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String kv : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] p = kv.split("=", 2);
            form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        String query = form.get("query");
        long start = Math.round(Double.parseDouble(form.get("start")) * 1000);
        long end = Math.round(Double.parseDouble(form.get("end")) * 1000);
        long step = Math.round(Double.parseDouble(form.get("step")) * 1000);
        String result;
        if (query.contains("\"gpus\"")) {
            result = "{\"metric\":{\"gridscope_q\":\"gpus\",\"Hostname\":\"h\",\"UUID\":\"GPU-1\"},\"values\":[["
                    + seconds(start) + ",\"1\"]]}";
        } else if (query.contains("energy.x")) {
            phaseTwo.incrementAndGet();
            result = "";
        } else {
            StringBuilder points = new StringBuilder();
            for (long t = start; t <= end; t += step) {
                if ((t - FROM) / step % 31 == 0) {
                    points.append(points.isEmpty() ? "" : ",")
                            .append('[')
                            .append(seconds(t))
                            .append(",\"-1e18\"]");
                }
            }
            result = points.isEmpty()
                    ? ""
                    : "{\"metric\":{\"gridscope_q\":\"energy.p\",\"Hostname\":\"h\",\"UUID\":\"GPU-1\"},\"values\":["
                            + points + "]}";
        }
        LoopbackServer.respond(
                ex,
                200,
                "application/json",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + result + "]}}");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
