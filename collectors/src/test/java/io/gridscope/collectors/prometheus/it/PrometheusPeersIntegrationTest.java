package io.gridscope.collectors.prometheus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.collectors.prometheus.exporter.ExporterConfig;
import io.gridscope.collectors.prometheus.exporter.GridscopeExporter;
import io.gridscope.collectors.prometheus.exporter.LatestValuesSink;
import io.gridscope.collectors.prometheus.exposition.ExpositionCheck;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.query.QueryData;
import io.gridscope.collectors.prometheus.query.RemoteSeries;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.collectors.prometheus.scrape.ScrapeResult;
import io.gridscope.collectors.prometheus.scrape.ScrapeTarget;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.collectors.prometheus.scrape.TargetStatus;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.PeerProcess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gridscope against the real Debian {@code prometheus} and {@code prometheus-node-exporter}: both started on free
 * 127.0.0.1 ports with temporary directories. Prometheus scrapes node_exporter, Gridscope's own exporter, a down
 * port and a loopback server with broken endpoints; the test then compares what Gridscope reads with what
 * Prometheus stored. Skipped outside CI when the binaries are missing; fails under {@code CI=true}.
 */
class PrometheusPeersIntegrationTest {
    private static final String INSTALL = "apt-get install -y prometheus prometheus-node-exporter";
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Labels GPU = Labels.of("gpu_uuid", "GPU-it-0001", "host", "it-workstation");

    @TempDir
    static Path dir;

    private static PeerProcess nodeExporter;
    private static PeerProcess prometheus;
    private static GridscopeExporter exporter;
    private static LoopbackServer broken;
    private static int nodePort;
    private static int downPort;
    private static URI promUrl;
    private static PromQueryClient prom;

    @BeforeAll
    static void startPeers() throws Exception {
        Path nodeBin = PeerProcess.requireBinary("prometheus-node-exporter", INSTALL);
        Path promBin = PeerProcess.requireBinary("prometheus", INSTALL);

        nodePort = PeerProcess.freePort();
        nodeExporter = PeerProcess.start(
                "node_exporter",
                dir,
                List.of(nodeBin.toString(), "--web.listen-address=127.0.0.1:" + nodePort, "--no-collector.systemd"));
        nodeExporter.awaitHttpOk(URI.create("http://127.0.0.1:" + nodePort + "/metrics"), Duration.ofSeconds(20));

        LatestValuesSink sink = new LatestValuesSink(CLOCK, Duration.ofHours(1));
        long now = CLOCK.millis();
        sink.accept(Snapshot.of(
                "nvml",
                now,
                List.of(
                        new Sample(SeriesId.gauge("gpu_power_watts", Unit.WATTS, GPU), now, 123.5),
                        new Sample(SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, GPU), now, 98765.0))));
        exporter = GridscopeExporter.start(ExporterConfig.loopback(0), sink).orElseThrow();

        broken = new LoopbackServer()
                .handle("/500", ex -> LoopbackServer.respond(ex, 500, "text/plain", "internal error"))
                .handle("/garbage", ex -> LoopbackServer.respond(ex, 200, "text/plain", "<html>{{not metrics</html>\n"))
                .handle("/oversize", ex -> LoopbackServer.respond(ex, 200, "text/plain", "big_metric 1\n".repeat(2000)))
                .handle("/slow", ex -> {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write("a 1\n".getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                    broken.hangUntilClosed();
                    ex.close();
                });
        downPort = PeerProcess.freePort();
        String brokenHost = broken.uri("/").getAuthority();

        int promPort = PeerProcess.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: gridscope
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: down
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: status500
                    metrics_path: /500
                    static_configs: [{targets: ['%s']}]
                  - job_name: garbage
                    metrics_path: /garbage
                    static_configs: [{targets: ['%s']}]
                  - job_name: oversize
                    metrics_path: /oversize
                    body_size_limit: 4KB
                    static_configs: [{targets: ['%s']}]
                  - job_name: slow
                    metrics_path: /slow
                    static_configs: [{targets: ['%s']}]
                """.formatted(
                        nodePort, exporter.port(), downPort, brokenHost, brokenHost, brokenHost, brokenHost));
        Files.createDirectories(dir.resolve("data"));
        prometheus = PeerProcess.start(
                "prometheus",
                dir,
                List.of(
                        promBin.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + promPort));
        promUrl = URI.create("http://127.0.0.1:" + promPort);
        prometheus.awaitHttpOk(promUrl.resolve("/-/ready"), Duration.ofSeconds(30));
        prom = new PromQueryClient(
                PrometheusServerSource.of("it", promUrl, Credentials.none()).withTimeout(Duration.ofSeconds(10)));
        for (String job : List.of("node", "gridscope", "down", "status500", "garbage", "oversize", "slow")) {
            PeerProcess.await(
                    () -> instant("up{job=\"" + job + "\"}").size() == 1,
                    Duration.ofSeconds(30),
                    "Prometheus has not scraped job " + job);
        }
        PeerProcess.await(
                () -> instant("up{job=\"node\"} == 1").size() == 1,
                Duration.ofSeconds(30),
                "Prometheus does not see node_exporter up");
        PeerProcess.await(
                () -> instant("up{job=\"gridscope\"} == 1").size() == 1,
                Duration.ofSeconds(30),
                "Prometheus does not see Gridscope's exporter up");
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (prom != null) {
            prom.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (nodeExporter != null) {
            nodeExporter.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (broken != null) {
            broken.close();
        }
    }

    private static List<QueryData.InstantSample> instant(String promql) {
        try {
            return ((QueryData.Vector) prom.query(promql, Instant.now()).data()).samples();
        } catch (PromQueryException e) {
            throw new AssertionError(promql + ": " + e.getMessage(), e);
        }
    }

    private static double single(String promql) {
        List<QueryData.InstantSample> r = instant(promql);
        assertThat(r).as(promql).hasSize(1);
        return r.getFirst().value();
    }

    private static ScrapeResult scrapeNode() throws ScrapeException {
        ScrapeTarget t = ScrapeTarget.builder("node", URI.create("http://127.0.0.1:" + nodePort + "/metrics"))
                .build();
        try (Scraper s = new Scraper(t, CLOCK)) {
            return s.scrape();
        }
    }

    private static ParsedSample find(ScrapeResult r, String name, Map<String, String> labels) {
        return r.samples().stream()
                .filter(s -> s.name().equals(name) && s.labelMap().entrySet().containsAll(labels.entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + labels));
    }

    @Test
    void gridscopeScrapeOfNodeExporterMatchesWhatPrometheusStored() throws Exception {
        ScrapeResult ours = scrapeNode();
        double memTotal = find(ours, "node_memory_MemTotal_bytes", Map.of()).value();
        assertThat(single("node_memory_MemTotal_bytes{job=\"node\"}")).isEqualTo(memTotal);

        double idle = find(ours, "node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle"))
                .value();
        double promIdle = single("node_cpu_seconds_total{job=\"node\",cpu=\"0\",mode=\"idle\"}");
        assertThat(promIdle).isCloseTo(idle, within(10.0)); // a counter read a few scrapes apart

        double promSamples = single("scrape_samples_scraped{job=\"node\"}");
        assertThat((double) ours.samples().size()).isCloseTo(promSamples, within(promSamples * 0.02 + 2));
    }

    @Test
    void checkMetricsCountsEverySampleLineOfALiveNodeExporter() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        long sampleLines = new String(body, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .count();
        ExpositionCheck.Outcome outcome = ExpositionCheck.check(
                new ByteArrayInputStream(body),
                ExpositionCheck.detect(
                        body.length > 16 ? java.util.Arrays.copyOfRange(body, body.length - 16, body.length) : body));
        assertThat(outcome).isInstanceOfSatisfying(ExpositionCheck.Valid.class, v -> {
            assertThat(v.format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
            assertThat(v.samples()).isEqualTo(sampleLines);
            assertThat(v.families()).isGreaterThan(10);
        });
    }

    @Test
    void promqlClientReadsBackGridscopesOwnSeries() throws Exception {
        List<QueryData.InstantSample> power = instant("gridscope_gpu_power_watts{job=\"gridscope\"}");
        assertThat(power).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(123.5);
            assertThat(s.metric()).containsEntry("gpu_uuid", "GPU-it-0001").containsEntry("host", "it-workstation");
        });
        assertThat(single("gridscope_gpu_energy_joules_total{job=\"gridscope\"}"))
                .isEqualTo(98765.0);

        Instant end = Instant.now();
        QueryData.Matrix m = (QueryData.Matrix)
                prom.queryRange("gridscope_gpu_power_watts", end.minusSeconds(30), end, Duration.ofSeconds(1))
                        .data();
        assertThat(m.series()).singleElement().satisfies(series -> {
            assertThat(series.points()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.value()).isEqualTo(123.5);
                assertThat(p.epochMillis() % 1000).isZero();
            });
        });
    }

    @Test
    void presetQueriesReadNodeExporterHistoryAsGridscopeSeries() throws Exception {
        double memTotal =
                find(scrapeNode(), "node_memory_MemTotal_bytes", Map.of()).value();
        Instant end = Instant.now();
        List<Sample> samples = RemoteSeries.forMetric("host_memory_total_bytes")
                .orElseThrow()
                .history(prom, end.minusSeconds(20), end, Duration.ofSeconds(1));
        assertThat(samples).isNotEmpty().allSatisfy(s -> {
            assertThat(s.value()).isEqualTo(memTotal);
            assertThat(s.series().labels().get("host")).contains("127.0.0.1:" + nodePort);
        });
    }

    @Test
    void everyPresetQueryRunsOnARealPrometheusAndFiltersByHost() throws Exception {
        Instant end = Instant.now();
        String node = "127.0.0.1:" + nodePort;
        for (RemoteSeries preset : RemoteSeries.ALL) {
            // PromQL syntax is checked by the server for every preset, filtered or not
            preset.history(prom, end.minusSeconds(60), end, Duration.ofSeconds(5), Optional.of("no-such-host"));
            List<Sample> latest = preset.latest(prom, end, Duration.ofMinutes(1));
            assertThat(latest).allSatisfy(s -> assertThat(s.series().metric()).isEqualTo(preset.metric()));
        }
        List<Sample> memory = RemoteSeries.forMetric("host_memory_used_bytes")
                .orElseThrow()
                .history(prom, end.minusSeconds(20), end, Duration.ofSeconds(1), Optional.of(node));
        assertThat(memory)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.series().labels().get("host")).contains(node));
        assertThat(RemoteSeries.forMetric("host_memory_used_bytes")
                        .orElseThrow()
                        .history(prom, end.minusSeconds(20), end, Duration.ofSeconds(1), Optional.of("other:9100")))
                .isEmpty();
        List<Sample> fs = RemoteSeries.forMetric("host_filesystem_size_bytes")
                .orElseThrow()
                .latest(prom, end, Duration.ofMinutes(1));
        assertThat(fs)
                .isNotEmpty()
                .allSatisfy(
                        s -> assertThat(s.series().labels().get("mountpoint")).isPresent());
    }

    @Test
    void promqlErrorsComeBackTyped() {
        assertThatThrownBy(() -> prom.query("sum(", Instant.now()))
                .isInstanceOfSatisfying(PromQueryException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(PromQueryException.ErrorType.BAD_DATA);
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }

    @Test
    void brokenTargetsAreDownForPrometheusAndForGridscope() throws Exception {
        Map<String, ScrapeException.Kind> expected = Map.of(
                "down", ScrapeException.Kind.UNREACHABLE,
                "status500", ScrapeException.Kind.HTTP_STATUS,
                "garbage", ScrapeException.Kind.INVALID_PAYLOAD,
                "oversize", ScrapeException.Kind.BODY_TOO_LARGE,
                "slow", ScrapeException.Kind.TIMEOUT);
        Map<String, URI> urls = Map.of(
                "down", URI.create("http://127.0.0.1:" + downPort + "/metrics"),
                "status500", broken.uri("/500"),
                "garbage", broken.uri("/garbage"),
                "oversize", broken.uri("/oversize"),
                "slow", broken.uri("/slow"));
        try (ScrapeManager manager = new ScrapeManager(CLOCK)) {
            for (var e : urls.entrySet()) {
                manager.add(
                        ScrapeTarget.builder(e.getKey(), e.getValue())
                                .interval(Duration.ofSeconds(1))
                                .timeout(Duration.ofSeconds(1))
                                .maxBodyBytes(4096)
                                .build(),
                        ScrapePreset.create(ScrapePreset.Kind.RAW));
            }
            for (var e : expected.entrySet()) {
                assertThat(single("up{job=\"" + e.getKey() + "\"}"))
                        .as("Prometheus up for %s", e.getKey())
                        .isZero();
                TargetStatus status = manager.scrapeNow(e.getKey());
                assertThat(status.health()).as(e.getKey()).isEqualTo(TargetStatus.Health.DOWN);
                assertThat(status.lastErrorKind()).as(e.getKey()).contains(e.getValue());
                assertThat(status.lastError()).as(e.getKey()).isNotBlank();
            }
        }
    }
}
