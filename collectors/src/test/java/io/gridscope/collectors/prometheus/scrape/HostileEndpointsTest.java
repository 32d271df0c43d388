package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scrape of each kind of hostile exporter, served from loopback by {@link HostileServer}: every one ends within
 * the target's deadline, within its size limit in memory, and with a reason fit for the Sources page.
 */
class HostileEndpointsTest {
    private static final long LIMIT_BYTES = 1024 * 1024;
    private static final long HUNDRED_MB = 100_000_000L;

    @TempDir
    static Path dir;

    private static HostileServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HostileServer.plain().handle("/ok", HostileServer.ok("a 1\nb 2\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ScrapeTarget.Builder target(URI uri) {
        return ScrapeTarget.builder("hostile", uri)
                .interval(Duration.ofSeconds(5))
                .timeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(1))
                .maxBodyBytes(LIMIT_BYTES);
    }

    static ScrapeException failure(ScrapeTarget target) {
        try (Scraper s = new Scraper(target, Clock.systemUTC())) {
            s.scrape();
        } catch (ScrapeException e) {
            return e;
        }
        return fail("the scrape of " + target.url() + " succeeded");
    }

    /** Heap bytes allocated by every thread of this JVM so far. */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static void warmUp() throws ScrapeException {
        try (Scraper s = new Scraper(target(server.uri("/ok")).build(), Clock.systemUTC())) {
            assertThat(s.scrape().samples()).hasSize(2);
        }
    }

    @Test
    void aBodyDrippingAtOneBytePerSecondEndsAtTheTotalDeadline() {
        server.handle("/drip-body", HostileServer.dripBody(1000, Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        ScrapeException e = failure(target(server.uri("/drip-body"))
                .timeout(Duration.ofMillis(2500))
                .build());
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TIMEOUT);
        assertThat(e.getMessage())
                .matches("scrape timed out after 2 s 500 ms \\(body arriving at 1 B/s: [23] bytes received\\)");
        assertThat(elapsedMillis).isBetween(2_400L, 4_000L);
    }

    @Test
    void headersDrippingAtOneBytePerSecondEndAtTheTotalDeadline() {
        server.handle(
                "/drip-head",
                HostileServer.drip("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\na 1\n", Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        ScrapeException e = failure(target(server.uri("/drip-head")).build());
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("scrape timed out after 2 s (no complete response headers)");
        assertThat(elapsedMillis).isBetween(1_900L, 3_500L);
    }

    @Test
    void aHundredMegabyteBodyWithItsLengthIsRefusedUnread() throws Exception {
        warmUp();
        AtomicLong served = new AtomicLong();
        server.handle("/huge-declared", HostileServer.huge(HUNDRED_MB, true, served));
        long allocated = allocatedBytes();
        ScrapeException e = failure(target(server.uri("/huge-declared")).build());
        allocated = allocatedBytes() - allocated;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.BODY_TOO_LARGE);
        assertThat(e.getMessage())
                .isEqualTo("body of 100000000 bytes (Content-Length) is larger than the limit of 1048576 bytes;"
                        + " not read");
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(16L * 1024 * 1024);
        System.out.printf("declared 100 MB body: %d bytes allocated, %d bytes served%n", allocated, served.get());
    }

    @Test
    void aHundredMegabyteBodyWithoutLengthIsCutAtTheLimitWithoutBufferingIt() throws Exception {
        warmUp();
        AtomicLong served = new AtomicLong();
        server.handle("/huge", HostileServer.huge(HUNDRED_MB, false, served));
        long allocated = allocatedBytes();
        long t0 = System.nanoTime();
        ScrapeException e = failure(target(server.uri("/huge")).build());
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        allocated = allocatedBytes() - allocated;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.BODY_TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo("body larger than the limit of 1048576 bytes");
        // the limit is 1 MiB; what is allocated beyond it is the HTTP client's read buffers and socket slack
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(24L * 1024 * 1024);
        Thread.sleep(200); // let the server notice the closed connection
        assertThat(served.get()).as("bytes the server could send").isLessThan(HUNDRED_MB / 4);
        assertThat(elapsedMillis).isLessThan(2_000L);
        System.out.printf(
                "unsized 100 MB body: %d bytes allocated, %d bytes served, %d ms%n",
                allocated, served.get(), elapsedMillis);
    }

    @Test
    void aGzipBombIsBoundedOnItsDecompressedSize() throws Exception {
        byte[] bomb = HostileServer.gzipOfLines(HUNDRED_MB);
        assertThat(bomb.length).as("compressed size").isLessThan((int) LIMIT_BYTES);
        server.handle("/bomb", HostileServer.gzip(bomb));
        warmUp();
        long allocated = allocatedBytes();
        long t0 = System.nanoTime();
        ScrapeException e = failure(target(server.uri("/bomb")).build());
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        allocated = allocatedBytes() - allocated;
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.BODY_TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo("body larger than the limit of 1048576 bytes");
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(24L * 1024 * 1024);
        assertThat(elapsedMillis).isLessThan(2_000L);
        System.out.printf(
                "gzip bomb (%d bytes, 100 MB inflated): %d bytes allocated, %d ms%n",
                bomb.length, allocated, elapsedMillis);
    }

    @Test
    void anEndlessChunkedBodyIsCutAtTheLimit() throws Exception {
        AtomicLong served = new AtomicLong();
        server.handle("/endless", HostileServer.endlessChunked(served));
        ScrapeException e = failure(target(server.uri("/endless")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.BODY_TOO_LARGE);
        assertThat(e.getMessage()).isEqualTo("body larger than the limit of 1048576 bytes");
        assertThat(server.requests("/endless")).isEqualTo(1);
    }

    @Test
    void aRedirectLoopStopsAfterTenRedirects() {
        server.handle("/loop", HostileServer.status(302, "Location: /loop\r\n", ""));
        ScrapeException e = failure(target(server.uri("/loop")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
        assertThat(e.getMessage())
                .isEqualTo("too many redirects: stopped after 10 (the last from " + server.uri("/loop") + " to /loop)");
        assertThat(server.requests("/loop")).isEqualTo(Scraper.MAX_REDIRECTS + 1);
    }

    @Test
    void redirectsAreFollowedAsPrometheusFollowsThem() throws Exception {
        server.handle("/hop1", HostileServer.status(301, "Location: /hop2\r\n", "moved"));
        server.handle("/hop2", HostileServer.status(307, "Location: " + server.uri("/ok") + "\r\n", ""));
        try (Scraper s = new Scraper(target(server.uri("/hop1")).build(), Clock.systemUTC())) {
            assertThat(s.scrape().samples()).hasSize(2);
        }
    }

    @Test
    void tooManyRequestsCarriesRetryAfterInSeconds() {
        server.handle("/429", HostileServer.status(429, "Retry-After: 7\r\n", "slow down"));
        ScrapeException e = failure(target(server.uri("/429")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage())
                .isEqualTo("HTTP status 429 from " + server.uri("/429")
                        + ": 'slow down' (the server asks to retry after 7 s)");
    }

    @Test
    void theSourceWaitsAsLongAsRetryAfterAsksWithinACap() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        server.handle("/429-date", HostileServer.status(429, "Retry-After: " + date + "\r\n", ""));
        server.handle("/503-forever", HostileServer.status(503, "Retry-After: 86400\r\n", "maintenance"));
        try (ScrapeManager manager = new ScrapeManager(Clock.systemUTC())) {
            manager.add(
                    target(server.uri("/429-date"))
                            .interval(Duration.ofSeconds(2))
                            .build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            manager.add(
                    ScrapeTarget.builder("forever", server.uri("/503-forever"))
                            .interval(Duration.ofSeconds(2))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    ScrapePreset.create(ScrapePreset.Kind.RAW));
            TargetStatus dated = manager.scrapeNow("hostile");
            long waitMillis = dated.nextScrapeEpochMillis() - dated.lastScrapeEpochMillis();
            assertThat(waitMillis).isBetween(28_000L, 31_000L); // the date has whole seconds
            assertThat(dated.lastError())
                    .startsWith("HTTP status 429 from " + server.uri("/429-date") + " (the server asks to retry after ")
                    .contains("; next try in ");

            TargetStatus capped = manager.scrapeNow("forever");
            assertThat(capped.nextScrapeEpochMillis() - capped.lastScrapeEpochMillis())
                    .isBetween(
                            ScrapeManager.MAX_RETRY_AFTER.toMillis(), ScrapeManager.MAX_RETRY_AFTER.toMillis() + 2_000);
            assertThat(capped.lastError())
                    .isEqualTo("HTTP status 503 from " + server.uri("/503-forever")
                            + ": 'maintenance' (the server asks to retry after 1 d); waiting 1 h at most;"
                            + " next try in 1 h");
        }
    }

    @Test
    void aServerErrorShowsItsCodeAndABoundedExcerptOfItsBody() {
        String body = "<html>\n<body>\tinternal\u0007 error: database unavailable " + "x".repeat(100_000);
        server.handle("/500", HostileServer.status(500, "", body));
        ScrapeException e = failure(target(server.uri("/500")).build());
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.HTTP_STATUS);
        assertThat(e.getMessage())
                .startsWith("HTTP status 500 from " + server.uri("/500")
                        + ": '<html> <body> internal error: database unavailable xxx")
                .endsWith("x…'");
        assertThat(e.getMessage().length()).isLessThan(("HTTP status 500 from " + server.uri("/500")).length() + 210);
    }

    @Test
    void aConnectionThatIsAcceptedAndNeverAnsweredEndsAtTheDeadlineAndIsClosed() throws Exception {
        AtomicLong clientClosed = new AtomicLong();
        server.handle("/silent", HostileServer.silent(clientClosed));
        long t0 = System.nanoTime();
        ScrapeException e = failure(target(server.uri("/silent")).build());
        long failedAt = System.nanoTime();
        assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("scrape timed out after 2 s (no complete response headers)");
        assertThat((failedAt - t0) / 1_000_000).isBetween(1_900L, 3_500L);
        for (int i = 0; i < 50 && clientClosed.get() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(clientClosed.get())
                .as("the client closed the silent connection")
                .isPositive();
    }

    @Test
    void aListenerThatNeverAcceptsEndsAtTheDeadline() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/metrics");
            long t0 = System.nanoTime();
            ScrapeException e = failure(target(uri).build());
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
            // the kernel completes the handshake into the backlog, so this is a timeout, not a refusal
            assertThat(e.kind()).isIn(ScrapeException.Kind.TIMEOUT, ScrapeException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).containsAnyOf("scrape timed out after 2 s", "connect timed out after 1 s");
            assertThat(elapsedMillis).isLessThan(3_500L);
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Path caPem = dir.resolve("wrong-host.pem");
        SSLContext context = HostileServer.wrongHostContext(dir, caPem);
        try (HostileServer tls = HostileServer.tls(context).handle("/metrics", HostileServer.ok("a 1\n"))) {
            ScrapeException e =
                    failure(target(tls.uri("/metrics")).caBundle(caPem).build());
            assertThat(e.kind()).isEqualTo(ScrapeException.Kind.TLS);
            assertThat(e.getMessage()).startsWith("TLS certificate does not match host '127.0.0.1' (");
            ScrapeException untrusted = failure(target(tls.uri("/metrics")).build());
            assertThat(untrusted.kind()).isEqualTo(ScrapeException.Kind.TLS);
            assertThat(untrusted.getMessage()).startsWith("TLS certificate of '127.0.0.1' is not trusted (");
            assertThat(tls.requests("/metrics")).isZero();
        }
    }

    @Test
    void redirectsToPlainHttpFromHttpsOrToOtherSchemesAreRefused() throws Exception {
        URI https = URI.create("https://exporter.example:9100/metrics");
        assertThat(Scraper.redirectTarget(https, "/other"))
                .isEqualTo(URI.create("https://exporter.example:9100/other"));
        assertThatThrownBy(() -> Scraper.redirectTarget(https, "http://exporter.example/metrics"))
                .hasMessage("redirect from " + https + " to plain http refused: http://exporter.example/metrics");
        assertThatThrownBy(() -> Scraper.redirectTarget(https, "file:///etc/passwd"))
                .hasMessage("redirect from " + https + " to a URL that is not http(s): file:///etc/passwd");
    }
}
