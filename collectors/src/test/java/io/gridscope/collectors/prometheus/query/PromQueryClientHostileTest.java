package io.gridscope.collectors.prometheus.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.HostileServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries of a hostile "Prometheus server" on loopback end within the source's deadline and size limit. */
class PromQueryClientHostileTest {
    private static final long LIMIT_BYTES = 1024 * 1024;

    @TempDir
    static Path dir;

    private static HostileServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HostileServer.plain();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PrometheusServerSource source(URI base, Optional<Path> caBundle) {
        return new PrometheusServerSource(
                "hostile",
                base,
                Credentials.none(),
                caBundle,
                false,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                LIMIT_BYTES);
    }

    private static PromQueryException failure(PrometheusServerSource source) {
        try (PromQueryClient client = new PromQueryClient(source)) {
            client.query("up", Instant.now());
        } catch (PromQueryException e) {
            return e;
        }
        return fail("the query to " + source.baseUrl() + " succeeded");
    }

    private static PromQueryException failure(String prefix, HostileServer.Behaviour behaviour) {
        server.handle(prefix + "/api/v1/query", behaviour);
        return failure(source(server.uri(prefix), Optional.empty()));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    @Test
    void aDrippingResponseEndsAtTheDeadline() {
        long t0 = System.nanoTime();
        PromQueryException e = failure("/drip", HostileServer.dripBody(1000, Duration.ofSeconds(1)));
        assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.CLIENT_TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("no complete response within 2 s");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_900L, 3_500L);
    }

    @Test
    void aSilentServerEndsAtTheDeadlineAndItsConnectionIsClosed() throws Exception {
        AtomicLong closed = new AtomicLong();
        PromQueryException e = failure("/silent", HostileServer.silent(closed));
        assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.CLIENT_TIMEOUT);
        for (int i = 0; i < 50 && closed.get() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(closed.get()).as("the client closed the silent connection").isPositive();
    }

    @Test
    void aHundredMegabyteResponseIsRefusedAtTheLimit() throws Exception {
        AtomicLong served = new AtomicLong();
        PromQueryException declared = failure("/huge-declared", HostileServer.huge(100_000_000L, true, served));
        assertThat(declared.errorType()).isEqualTo(PromQueryException.ErrorType.BAD_RESPONSE);
        assertThat(declared.getMessage())
                .isEqualTo("response of 100000000 bytes (Content-Length) is larger than the limit of 1048576 bytes;"
                        + " not read");

        long allocated = allocatedBytes();
        PromQueryException unsized = failure("/huge", HostileServer.huge(100_000_000L, false, served));
        allocated = allocatedBytes() - allocated;
        assertThat(unsized.errorType()).isEqualTo(PromQueryException.ErrorType.BAD_RESPONSE);
        assertThat(unsized.getMessage()).isEqualTo("reading the response failed: response larger than 1048576 bytes");
        assertThat(allocated).as("bytes allocated by the query").isLessThan(24L * 1024 * 1024);
        System.out.printf("query, unsized 100 MB response: %d bytes allocated%n", allocated);
    }

    @Test
    void anEndlessChunkedResponseIsCutAtTheLimit() {
        PromQueryException e = failure("/endless", HostileServer.endlessChunked(new AtomicLong()));
        assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.BAD_RESPONSE);
        assertThat(e.getMessage()).isEqualTo("reading the response failed: response larger than 1048576 bytes");
    }

    @Test
    void aRedirectLoopIsReportedAsTooManyRedirects() {
        PromQueryException e = failure("/loop", HostileServer.status(307, "Location: /loop/api/v1/query\r\n", ""));
        assertThat(e.getMessage())
                .isEqualTo("HTTP status 307 from " + server.uri("/loop/api/v1/query")
                        + ": too many redirects: gave up after 5 requests (the last redirect to /loop/api/v1/query)");
        assertThat(server.requests("/loop/api/v1/query")).isEqualTo(PromQueryClient.MAX_REDIRECTS);
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        PromQueryException e = failure("/429", HostileServer.status(429, "Retry-After: 42\r\n", "rate limited"));
        assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
        assertThat(e.getMessage())
                .isEqualTo("HTTP status 429 from " + server.uri("/429/api/v1/query")
                        + ": 'rate limited' (the server asks to retry after 42 s)");
    }

    @Test
    void aProxyErrorPageShowsItsCodeAndABoundedExcerpt() {
        PromQueryException e =
                failure("/502", HostileServer.status(502, "", "<html><body>Bad Gateway</body>" + "x".repeat(50_000)));
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.getMessage())
                .startsWith("HTTP status 502 from " + server.uri("/502/api/v1/query") + ": '<html><body>Bad Gateway")
                .endsWith("…'");
        assertThat(e.getMessage().length()).isLessThan(300);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path caPem = dir.resolve("wrong-host.pem");
        try (HostileServer tls = HostileServer.tls(HostileServer.wrongHostContext(dir, caPem))) {
            // a cold JVM's first handshake can take over a second on a loaded machine: the connect timeout covers it
            PrometheusServerSource slowHandshake = new PrometheusServerSource(
                    "hostile",
                    tls.uri("/"),
                    Credentials.none(),
                    Optional.of(caPem),
                    false,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    LIMIT_BYTES);
            PromQueryException e = failure(slowHandshake);
            assertThat(e.errorType()).as(e.getMessage()).isEqualTo(PromQueryException.ErrorType.TLS);
            assertThat(e.getMessage()).startsWith("TLS certificate does not match host '127.0.0.1' (");
        }
    }
}
