package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.testsupport.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScraperTest {
    private static final String TEXT = """
            # HELP up_things Things.
            # TYPE up_things gauge
            up_things{a="1"} 1
            up_things{a="2"} 2
            """;
    private static final String OPENMETRICS = """
            # TYPE up_things gauge
            up_things{a="1"} 1
            # EOF
            """;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private LoopbackServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ScrapeTarget.Builder target(URI uri) {
        return ScrapeTarget.builder("t", uri).interval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(3));
    }

    private static ScrapeResult scrape(ScrapeTarget target) throws ScrapeException {
        try (Scraper s = new Scraper(target, CLOCK)) {
            return s.scrape();
        }
    }

    private static ScrapeException failure(ScrapeTarget target) {
        try (Scraper s = new Scraper(target, CLOCK)) {
            s.scrape();
        } catch (ScrapeException e) {
            return e;
        }
        throw new AssertionError("scrape of " + target.url() + " should have failed");
    }

    @Test
    void asksForOpenMetricsFirstAndReadsIt() throws Exception {
        AtomicReference<String> accept = new AtomicReference<>();
        server.handle("/metrics", ex -> {
            accept.set(ex.getRequestHeaders().getFirst("Accept"));
            LoopbackServer.respond(ex, 200, ExpositionFormat.OPENMETRICS.contentType(), OPENMETRICS);
        });
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(accept.get()).startsWith("application/openmetrics-text;version=1.0.0");
        assertThat(accept.get()).contains("text/plain;version=0.0.4");
        assertThat(r.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(r.samples()).hasSize(1);
        assertThat(r.epochMillis()).isEqualTo(CLOCK.millis());
    }

    @Test
    void fallsBackToPrometheusText() throws Exception {
        server.handle("/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain; version=0.0.4", TEXT));
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(r.format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(r.samples()).extracting(s -> s.label("a")).containsExactly("1", "2");
    }

    /** client_golang's OpenMetrics output for a histogram that observed negative values. */
    private static final String GO_NEGATIVE_SUM = """
            # HELP inlet_temperature_delta_celsius Change of the inlet temperature between two readings.
            # TYPE inlet_temperature_delta_celsius histogram
            inlet_temperature_delta_celsius_bucket{rack="r7",le="-1.0"} 2
            inlet_temperature_delta_celsius_bucket{rack="r7",le="0.0"} 5
            inlet_temperature_delta_celsius_bucket{rack="r7",le="1.0"} 7
            inlet_temperature_delta_celsius_bucket{rack="r7",le="+Inf"} 7
            inlet_temperature_delta_celsius_sum{rack="r7"} -3.1
            inlet_temperature_delta_celsius_count{rack="r7"} 7
            inlet_temperature_delta_celsius_created{rack="r7"} 1.7401248e+09
            # EOF
            """;

    @Test
    void aTextPlainBodyEndingWithEofStaysPrometheusText() throws Exception {
        // blank line and millisecond timestamp: text only; jobs_total under "# TYPE jobs counter": OpenMetrics-like
        String text = "# TYPE jobs counter\njobs_total 3 1700000000000\n\n# EOF\n";
        server.handle(
                "/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", text));
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(r.format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(r.samples())
                .singleElement()
                .satisfies(s -> assertThat(s.timestampMillis()).isEqualTo(1_700_000_000_000L));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theOpenMetricsContentTypeSelectsTheOpenMetricsParser() throws Exception {
        server.handle(
                "/metrics",
                ex -> LoopbackServer.respond(
                        ex,
                        200,
                        ExpositionFormat.OPENMETRICS.contentType(),
                        "# TYPE g gauge\ng 1 1700000000.5\n# EOF\n"));
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(r.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(r.samples().getFirst().timestampMillis()).as("seconds").isEqualTo(1_700_000_000_500L);

        server.handle(
                "/text", ex -> LoopbackServer.respond(ex, 200, "application/openmetrics-text; version=1.0.0", "a 1\n"));
        ScrapeException e = failure(target(server.uri("/text")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.INVALID_PAYLOAD);
        assertThat(e.getMessage())
                .isEqualTo("invalid OpenMetrics payload: line 1: missing '# EOF' at the end of the input");
    }

    @Test
    void aGoClientHistogramWithNegativeSumIsIngestedWithWarnings() throws Exception {
        server.handle(
                "/metrics",
                ex -> LoopbackServer.respond(ex, 200, ExpositionFormat.OPENMETRICS.contentType(), GO_NEGATIVE_SUM));
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(r.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(r.samples()).hasSize(7);
        assertThat(r.samples().get(4).value()).isEqualTo(-3.1);
        assertThat(r.warnings())
                .containsExactly(
                        "line 7: counter-like sample inlet_temperature_delta_celsius_sum cannot be negative (-3.1)"
                                + " [OpenMetrics 1.0, Histogram]; ingested as Prometheus does",
                        "line 10: histogram 'inlet_temperature_delta_celsius': a histogram with negative buckets"
                                + " cannot have _sum [OpenMetrics 1.0, Histogram]; ingested as Prometheus does");
    }

    @Test
    void withoutAContentTypeThePayloadDecidesWithAWarning() throws Exception {
        server.handle("/om", ex -> LoopbackServer.respond(ex, 200, null, "# TYPE a counter\na_total 1\n# EOF\n"));
        server.handle("/text", ex -> LoopbackServer.respond(ex, 200, "application/octet-stream", TEXT + "# EOF\n"));
        ScrapeResult om = scrape(target(server.uri("/om")).build());
        assertThat(om.format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(om.warnings())
                .containsExactly("no Content-Type; read as OpenMetrics, judged from the payload (Prometheus 3 needs"
                        + " fallback_scrape_protocol for this target)");
        ScrapeResult text = scrape(target(server.uri("/text")).build());
        assertThat(text.format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(text.samples()).hasSize(2);
        assertThat(text.warnings().getFirst())
                .startsWith("Content-Type 'application/octet-stream' names neither format; read as Prometheus text");
    }

    @Test
    void gzipIsRequestedOnlyOffTheLoopbackInterface() {
        for (String url : new String[] {
            "http://127.0.0.1:9100/metrics",
            "http://127.1.2.3/metrics",
            "http://localhost:9100/metrics",
            "http://LOCALHOST/metrics",
            "http://[::1]:9100/metrics"
        }) {
            assertThat(Scraper.requestsGzip(URI.create(url))).as(url).isFalse();
        }
        for (String url : new String[] {
            "http://10.0.0.7:9100/metrics", "https://gpu-node-3:9400/metrics", "http://127.example.com/metrics",
            "http://127.0.0.1.example.com/metrics", "http://[::2]/metrics", "http://192.168.1.10/metrics"
        }) {
            assertThat(Scraper.requestsGzip(URI.create(url))).as(url).isTrue();
        }
    }

    @Test
    void readsGzipBodies() throws Exception {
        server.handle("/metrics", ex -> {
            // not asked for from a loopback server, but read all the same when it comes
            assertThat(ex.getRequestHeaders().getFirst("Accept-Encoding")).isNull();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(TEXT.getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, buf.size());
            try (OutputStream out = ex.getResponseBody()) {
                buf.writeTo(out);
            }
        });
        ScrapeResult r = scrape(target(server.uri("/metrics")).build());
        assertThat(r.samples()).hasSize(2);
        assertThat(r.bodyBytes()).isEqualTo(TEXT.length());
    }

    @Test
    void downTargetIsUnreachable() throws Exception {
        ScrapeException e = failure(target(URI.create("http://127.0.0.1:" + LoopbackServer.closedPort() + "/metrics"))
                .build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("cannot connect to 127.0.0.1:");
    }

    @Test
    void serverErrorIsAnHttpStatusFailure() {
        server.handle("/metrics", ex -> LoopbackServer.respond(ex, 500, "text/plain", "boom"));
        ScrapeException e = failure(target(server.uri("/metrics")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
        assertThat(e.getMessage()).startsWith("HTTP status 500");
    }

    @Test
    void garbageBodyIsAnInvalidPayloadNamingTheLine() {
        server.handle(
                "/metrics",
                ex -> LoopbackServer.respond(ex, 200, "text/plain", "ok 1\n<html><body>not metrics</body></html>\n"));
        ScrapeException e = failure(target(server.uri("/metrics")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.INVALID_PAYLOAD);
        assertThat(e.getMessage()).contains("line 2, column 1");
    }

    @Test
    void oversizeBodyIsRejected() {
        String big = "x_total{i=\"%d\"} 1\n".repeat(1).formatted(0) + "filler 1\n".repeat(20_000);
        server.handle("/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain", big));
        ScrapeException e =
                failure(target(server.uri("/metrics")).maxBodyBytes(64 * 1024).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.BODY_TOO_LARGE);
        assertThat(e.getMessage())
                .isEqualTo("body of " + big.length()
                        + " bytes (Content-Length) is larger than the limit of 65536 bytes;" + " not read");
    }

    @Test
    void sampleLimitIsEnforced() {
        server.handle("/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain", TEXT));
        ScrapeException e =
                failure(target(server.uri("/metrics")).sampleLimit(1).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.SAMPLE_LIMIT);
        assertThat(e.getMessage()).isEqualTo("more than 1 samples (sample limit)");
    }

    @Test
    void slowBodyTimesOutAtTheTotalDeadline() {
        server.handle("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("a 1\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.hangUntilClosed();
            out.close();
        });
        long start = System.nanoTime();
        ScrapeException e = failure(
                target(server.uri("/metrics")).timeout(Duration.ofMillis(500)).build());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TIMEOUT);
        assertThat(e.getMessage())
                .startsWith("scrape timed out after 500 ms (body arriving at ")
                .endsWith(": 4 bytes received)");
        assertThat(elapsedMillis).isBetween(400L, 5_000L);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void slowHeadersTimeOut() {
        server.handle("/metrics", ex -> {
            server.hangUntilClosed();
            LoopbackServer.respond(ex, 200, "text/plain", TEXT);
        });
        ScrapeException e = failure(
                target(server.uri("/metrics")).timeout(Duration.ofMillis(300)).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TIMEOUT);
    }

    @Test
    void bearerTokenIsSent() throws Exception {
        server.handle("/metrics", ex -> {
            boolean ok = "Bearer s3cret".equals(ex.getRequestHeaders().getFirst("Authorization"));
            LoopbackServer.respond(ex, ok ? 200 : 401, "text/plain", ok ? TEXT : "");
        });
        assertThat(scrape(target(server.uri("/metrics"))
                                .credentials(Credentials.bearer("s3cret"))
                                .build())
                        .samples())
                .hasSize(2);
        ScrapeException wrong = failure(target(server.uri("/metrics"))
                .credentials(Credentials.bearer("nope"))
                .build());
        assertThat(wrong.getMessage()).startsWith("HTTP status 401");
        assertThat(failure(target(server.uri("/metrics")).build()).kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
    }

    @Test
    void credentialsAreNotCarriedAcrossRedirects() throws Exception {
        server.handle("/moved", ex -> {
            ex.getResponseHeaders().set("Location", "/metrics");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.handle("/metrics", ex -> LoopbackServer.respond(ex, 200, "text/plain", TEXT));
        assertThat(scrape(target(server.uri("/moved")).build()).samples()).hasSize(2);
        ScrapeException e = failure(target(server.uri("/moved"))
                .credentials(Credentials.bearer("t0k"))
                .build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
        assertThat(e.getMessage()).contains("302").contains("not followed with credentials");
    }

    @Test
    void basicAuthIsSent() throws Exception {
        server.handle("/metrics", ex -> {
            boolean ok = "Basic dXNlcjpwQHNz".equals(ex.getRequestHeaders().getFirst("Authorization"));
            LoopbackServer.respond(ex, ok ? 200 : 401, "text/plain", ok ? TEXT : "");
        });
        assertThat(scrape(target(server.uri("/metrics"))
                                .credentials(Credentials.basic("user", "p@ss"))
                                .build())
                        .samples())
                .hasSize(2);
    }

    @Test
    void secretsNeverAppearInToString() {
        ScrapeTarget t = target(server.uri("/metrics"))
                .credentials(Credentials.basic("user", "hunter2"))
                .build();
        assertThat(t.toString()).contains("user").doesNotContain("hunter2");
        ScrapeTarget b = target(server.uri("/metrics"))
                .credentials(Credentials.bearer("tok-123"))
                .build();
        assertThat(b.toString()).doesNotContain("tok-123").contains("<redacted>");
        assertThatThrownBy(() -> ScrapeTarget.builder("t", URI.create("http://u:p@host/metrics"))
                        .build())
                .hasMessageContaining("not in the URL");
    }

    @Test
    void unusableCaBundleIsATlsError(@TempDir Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        ScrapeTarget t = ScrapeTarget.builder("t", URI.create("https://127.0.0.1:1/metrics"))
                .caBundle(pem)
                .build();
        assertThatThrownBy(() -> new Scraper(t, CLOCK))
                .isInstanceOfSatisfying(
                        ScrapeException.class, e -> assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TLS));
        assertThat(t.insecureSkipTlsVerify()).isFalse();
    }

    @Test
    void timeoutMayNotExceedTheInterval() {
        assertThatThrownBy(() -> ScrapeTarget.builder("t", server.uri("/m"))
                        .interval(Duration.ofSeconds(1))
                        .timeout(Duration.ofSeconds(2))
                        .build())
                .hasMessageContaining("must not exceed the interval");
    }
}
