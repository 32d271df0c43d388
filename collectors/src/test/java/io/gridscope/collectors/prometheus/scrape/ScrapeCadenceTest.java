package io.gridscope.collectors.prometheus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Well-behaved targets keep their cadence while every kind of hostile target is scraped beside them: the arrival
 * times of their scrapes at the server stay one interval apart. The same measurement with all scrapes on one worker
 * thread shows the check can fail.
 */
class ScrapeCadenceTest {
    private static final Duration GOOD_INTERVAL = Duration.ofMillis(250);
    /** Honest for a loaded 2-core machine; a hostile scrape blocking a worker costs 2 s, far beyond it. */
    private static final Duration LATE_TOLERANCE = Duration.ofMillis(750);

    private static final Pattern JDK_POOLED_THREADS =
            Pattern.compile("ForkJoinPool.*|process reaper|MasterPoller|.*-Poller|VirtualThread-unblocker");

    private static final Duration RUN = Duration.ofSeconds(6);
    private static final int GOOD_TARGETS = 3;

    @TempDir
    static Path dir;

    private static Path caPem;
    private static SSLContext wrongHost;
    private static byte[] bomb;

    @BeforeAll
    static void prepare() throws Exception {
        caPem = dir.resolve("wrong-host.pem");
        wrongHost = HostileServer.wrongHostContext(dir, caPem);
        bomb = HostileServer.gzipOfLines(100_000_000L);
    }

    @Test
    void wellBehavedTargetsKeepTheirCadenceBesideEveryHostileTarget() throws Exception {
        Set<String> threadsBefore = platformThreads();
        Run run = run(null);
        for (int i = 0; i < GOOD_TARGETS; i++) {
            List<Long> gaps = run.gapsMillis.get(i);
            System.out.printf("good target %d: %d scrapes, gaps (ms) %s%n", i, gaps.size() + 1, gaps);
            assertThat(cadenceViolations(gaps)).as("good target %d", i).isEmpty();
            // counted from the first scrape: a cold JVM on a loaded machine may start a few seconds late
            long firstMillis = run.firstScrapeMillis.get(i);
            long expected = (RUN.toMillis() - firstMillis) / GOOD_INTERVAL.toMillis();
            System.out.printf("good target %d: first scrape after %d ms%n", i, firstMillis);
            assertThat(gaps.size() + 1L).as("scrapes of good target %d", i).isGreaterThanOrEqualTo(expected * 6 / 10);
        }
        // Retry-After: 2 on a 1 s interval, where backoff alone would retry after 1 s: after every 429 the source
        // saw, its next scrape starts at least 2 s after that answer
        int honoured = 0;
        List<TargetStatus> seen = run.retryAfterStatuses;
        for (int i = 0; i + 1 < seen.size(); i++) {
            if (seen.get(i).lastError().contains("(the server asks to retry after 2 s)")) {
                TargetStatus answered = seen.get(i);
                long answeredAtMillis = answered.lastScrapeEpochMillis() + answered.lastDurationNanos() / 1_000_000;
                long waitedMillis = seen.get(i + 1).lastScrapeEpochMillis() - answeredAtMillis;
                assertThat(waitedMillis).as("wait after 429 number %d", i).isGreaterThanOrEqualTo(1_990L);
                honoured++;
            }
        }
        assertThat(honoured).as("429 answers followed by another scrape").isPositive();
        // repeated 500s back off: 250, 500, 1000, 2000 ms ... instead of 24 scrapes in 6 s
        assertThat(run.serverErrorRequests).isBetween(3, 7);
        assertThat(run.statusTexts)
                .anySatisfy(
                        t -> assertThat(t).startsWith("HTTP status 500 from ").contains("'boom'"))
                .anySatisfy(t -> assertThat(t).startsWith("scrape timed out after 2 s (body arriving at "))
                .anySatisfy(t -> assertThat(t).startsWith("too many redirects"))
                .anySatisfy(t -> assertThat(t).startsWith("TLS certificate does not match host '127.0.0.1'"))
                .anySatisfy(t -> assertThat(t).startsWith("body larger than the limit"));
        // nothing left behind: connections to the hostile server closed, HTTP client threads gone
        assertThat(run.openConnectionsAfter).isZero();
        Set<String> threadsAfter = platformThreads();
        for (int i = 0; i < 100 && !threadsBefore.containsAll(threadsAfter); i++) {
            Thread.sleep(100);
            threadsAfter = platformThreads();
        }
        threadsAfter.removeAll(threadsBefore);
        assertThat(threadsAfter).as("platform threads left after close").isEmpty();
    }

    @Test
    void theCadenceCheckFailsWhenHostileTargetsShareOneWorkerThread() throws Exception {
        ExecutorService oneWorker = Executors.newSingleThreadExecutor();
        try {
            Run run = run(oneWorker);
            List<String> violations = new ArrayList<>();
            for (List<Long> gaps : run.gapsMillis) {
                violations.addAll(cadenceViolations(gaps));
            }
            System.out.println("one worker thread: " + violations);
            assertThat(violations).isNotEmpty();
        } finally {
            oneWorker.shutdownNow();
        }
    }

    /** Gaps between consecutive scrape starts that exceed the interval by more than the tolerance. */
    static List<String> cadenceViolations(List<Long> gapsMillis) {
        List<String> out = new ArrayList<>();
        long limit = GOOD_INTERVAL.toMillis() + LATE_TOLERANCE.toMillis();
        for (int i = 0; i < gapsMillis.size(); i++) {
            if (gapsMillis.get(i) > limit) {
                out.add("gap " + i + " of " + gapsMillis.get(i) + " ms > " + limit + " ms");
            }
        }
        if (gapsMillis.size() < 2) {
            out.add("only " + (gapsMillis.size() + 1) + " scrapes");
        }
        return out;
    }

    private record Run(
            List<List<Long>> gapsMillis,
            List<Long> firstScrapeMillis,
            List<TargetStatus> retryAfterStatuses,
            int serverErrorRequests,
            List<String> statusTexts,
            int openConnectionsAfter) {}

    /** Runs the mixed fleet for {@link #RUN}; {@code scrapes} null means the manager's own executors. */
    private Run run(ExecutorService scrapes) throws Exception {
        AtomicLong served = new AtomicLong();
        AtomicLong silentClosed = new AtomicLong();
        List<List<Long>> gaps = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        long startNanos = 0;
        List<TargetStatus> retryStatuses = new CopyOnWriteArrayList<>();
        int errors;
        List<String> texts = new ArrayList<>();
        int openAfter;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (HostileServer good = HostileServer.plain();
                HostileServer hostile = HostileServer.plain();
                HostileServer tls = HostileServer.tls(wrongHost);
                ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            good.handle("/warm-up", HostileServer.ok("up 1\n"));
            for (int i = 0; i < GOOD_TARGETS; i++) {
                good.handle("/good" + i, HostileServer.ok("up 1\nload 0.5\n"));
            }
            hostile.handle("/drip-body", HostileServer.dripBody(1000, Duration.ofSeconds(1)))
                    .handle("/drip-head", HostileServer.drip("HTTP/1.1 200 OK\r\n\r\n", Duration.ofSeconds(1)))
                    .handle("/huge", HostileServer.huge(100_000_000L, false, served))
                    .handle("/bomb", HostileServer.gzip(bomb))
                    .handle("/endless", HostileServer.endlessChunked(served))
                    .handle("/loop", HostileServer.status(302, "Location: /loop\r\n", ""))
                    .handle("/429", HostileServer.status(429, "Retry-After: 2\r\n", ""))
                    .handle("/500", HostileServer.status(500, "", "boom"))
                    .handle("/silent", HostileServer.silent(silentClosed));
            tls.handle("/metrics", HostileServer.ok("a 1\n"));

            ScrapeManager manager = scrapes == null
                    ? new ScrapeManager(Clock.systemUTC())
                    : new ScrapeManager(Clock.systemUTC(), timer, scrapes);
            try (manager) {
                for (int i = 0; i < GOOD_TARGETS; i++) {
                    manager.add(
                            ScrapeTarget.builder("good" + i, good.uri("/good" + i))
                                    .interval(GOOD_INTERVAL)
                                    .build(),
                            ScrapePreset.create(ScrapePreset.Kind.RAW));
                }
                for (String path :
                        List.of("/drip-body", "/drip-head", "/huge", "/bomb", "/endless", "/loop", "/silent")) {
                    manager.add(
                            hostileTarget(path, hostile.uri(path)).build(), ScrapePreset.create(ScrapePreset.Kind.RAW));
                }
                manager.add(
                        hostileTarget("/429", hostile.uri("/429"))
                                .interval(GOOD_INTERVAL)
                                .timeout(GOOD_INTERVAL)
                                .build(),
                        ScrapePreset.create(ScrapePreset.Kind.RAW));
                manager.add(
                        hostileTarget("/500", hostile.uri("/500"))
                                .interval(GOOD_INTERVAL)
                                .timeout(GOOD_INTERVAL)
                                .build(),
                        ScrapePreset.create(ScrapePreset.Kind.RAW));
                manager.add(
                        hostileTarget("/tls", tls.uri("/metrics"))
                                .caBundle(caPem)
                                .build(),
                        ScrapePreset.create(ScrapePreset.Kind.RAW));
                manager.add(
                        hostileTarget(
                                        "/never-accepts",
                                        URI.create("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/metrics"))
                                .build(),
                        ScrapePreset.create(ScrapePreset.Kind.RAW));
                manager.addStatusListener(st -> {
                    if (st.targetId().equals("hostile-429")) {
                        retryStatuses.add(st);
                    }
                });
                warmUp(good.uri("/warm-up"), tls.uri("/metrics"), caPem);
                startNanos = System.nanoTime();
                manager.start();
                Thread.sleep(RUN);
                for (TargetStatus s : manager.statuses()) {
                    texts.add(s.lastError());
                }
            }
            for (int i = 0; i < 50 && hostile.openConnections() + tls.openConnections() > 0; i++) {
                Thread.sleep(100);
            }
            openAfter = hostile.openConnections() + tls.openConnections();
            for (int i = 0; i < GOOD_TARGETS; i++) {
                gaps.add(gapsMillis(good.arrivals("/good" + i)));
                first.add(
                        good.arrivals("/good" + i).isEmpty()
                                ? RUN.toMillis()
                                : (good.arrivals("/good" + i).getFirst() - startNanos) / 1_000_000);
            }
            errors = hostile.requests("/500");
        } finally {
            timer.shutdownNow();
        }
        return new Run(gaps, first, retryStatuses, errors, texts, openAfter);
    }

    /**
     * One plain and one TLS scrape before the measurement, so that it measures the schedule, not the first
     * loading of the JVM's HTTP and TLS classes (a second or more on a loaded 2-core machine).
     */
    private static void warmUp(URI plain, URI tls, Path caPem) throws ScrapeException {
        try (Scraper s = new Scraper(ScrapeTarget.builder("warm-up", plain).build(), Clock.systemUTC())) {
            s.scrape();
        }
        try (Scraper s = new Scraper(
                ScrapeTarget.builder("warm-up-tls", tls).caBundle(caPem).build(), Clock.systemUTC())) {
            s.scrape();
            throw new AssertionError("a certificate for another host was accepted");
        } catch (ScrapeException expected) {
            assertThat(expected.kind()).isEqualTo(ScrapeException.Kind.TLS);
        }
    }

    private static ScrapeTarget.Builder hostileTarget(String id, URI uri) {
        return ScrapeTarget.builder("hostile" + id.replace('/', '-'), uri)
                .interval(Duration.ofSeconds(3))
                .timeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(1))
                .maxBodyBytes(1024 * 1024);
    }

    private static List<Long> gapsMillis(List<Long> arrivalsNanos) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < arrivalsNanos.size(); i++) {
            gaps.add((arrivalsNanos.get(i) - arrivalsNanos.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    /**
     * Live platform threads, less pooled JDK threads that are not ours to count: the virtual-thread scheduler's
     * carriers and pollers, and the process reaper that ran keytool.
     */
    private static Set<String> platformThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!JDK_POOLED_THREADS.matcher(t.getName()).matches()) {
                names.add(t.getName() + "#" + t.threadId());
            }
        }
        return names;
    }
}
