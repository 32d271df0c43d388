package io.gridscope.collectors.prometheus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.exposition.ParsedSample;
import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.query.QueryData;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.ScrapeResult;
import io.gridscope.collectors.prometheus.scrape.ScrapeTarget;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.PeerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Debian {@code prometheus} and Gridscope's scraper read the same edge-case payloads from one loopback
 * server, each with its Content-Type: quoted UTF-8 names, a raw line feed inside a label value, a series repeated in
 * one scrape. For each, Gridscope's scrape must fail where Prometheus' does ({@code up} 0) and otherwise ingest the
 * same series with the same values as Prometheus stored. Skipped outside CI when {@code prometheus} is missing; fails
 * under {@code CI=true}.
 */
class PrometheusIngestionParityIntegrationTest {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT_UTF8_NAMES = TEXT + "; escaping=allow-utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Job name → Content-Type and body. */
    private static final Map<String, String[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put("t_quoted_name", new String[] {TEXT, "{\"my.metric\", \"label.with.dots\"=\"v\"} 1\nok_metric 1\n"});
        CASES.put("t_quoted_label", new String[] {TEXT, "my_metric{\"label.x\"=\"v\"} 1\nok_metric 1\n"});
        CASES.put(
                "u_quoted_name",
                new String[] {TEXT_UTF8_NAMES, "{\"my.metric\", \"label.with.dots\"=\"v\"} 1\nok_metric 1\n"});
        CASES.put("u_quoted_label", new String[] {TEXT_UTF8_NAMES, "my_metric{\"label.x\"=\"v\"} 1\nok_metric 1\n"});
        CASES.put(
                "o_quoted_name",
                new String[] {OPENMETRICS, "{\"my.metric\",\"label.with.dots\"=\"v\"} 1\nok_metric 1\n# EOF\n"});
        CASES.put("o_quoted_label", new String[] {OPENMETRICS, "my_metric{\"label.x\"=\"v\"} 1\nok_metric 1\n# EOF\n"});
        CASES.put("t_newline", new String[] {TEXT, "nl_metric{a=\"x\ny\"} 1\nok_metric 1\n"});
        CASES.put("o_newline", new String[] {OPENMETRICS, "nl_metric{a=\"x\ny\"} 1\nok_metric 1\n# EOF\n"});
        CASES.put("t_dup", new String[] {TEXT, "dup_metric{a=\"1\"} 1\ndup_metric{a=\"1\"} 2\nok_metric 1\n"});
        CASES.put(
                "t_dup_order",
                new String[] {TEXT, "dup_metric{a=\"1\",b=\"2\"} 1\ndup_metric{b=\"2\",a=\"1\"} 2\nok_metric 1\n"});
        CASES.put(
                "t_dup_empty",
                new String[] {TEXT, "dup_metric{a=\"1\",b=\"\"} 1\ndup_metric{a=\"1\"} 2\nok_metric 1\n"});
        CASES.put(
                "t_dup_apart",
                new String[] {TEXT, "dup_metric{a=\"1\"} 1\nother 3\ndup_metric{a=\"1\"} 2\nok_metric 1\n"});
        CASES.put(
                "o_dup",
                new String[] {OPENMETRICS, "dup_metric{a=\"1\"} 1\ndup_metric{a=\"1\"} 2\nok_metric 1\n# EOF\n"});
    }

    @TempDir
    static Path dir;

    private static LoopbackServer server;
    private static PeerProcess prometheus;
    private static PromQueryClient prom;

    @BeforeAll
    static void startPeers() throws Exception {
        Path promBin = PeerProcess.requireBinary("prometheus", "apt-get install -y prometheus");
        server = new LoopbackServer();
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                """);
        for (var c : CASES.entrySet()) {
            String contentType = c.getValue()[0];
            String body = c.getValue()[1];
            server.handle("/" + c.getKey(), ex -> LoopbackServer.respond(ex, 200, contentType, body));
            config.append("  - {job_name: ")
                    .append(c.getKey())
                    .append(", metrics_path: /")
                    .append(c.getKey())
                    .append(", static_configs: [{targets: ['")
                    .append(server.uri("/").getAuthority())
                    .append("']}]}\n");
        }
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Files.createDirectories(dir.resolve("data"));
        int promPort = PeerProcess.freePort();
        prometheus = PeerProcess.start(
                "prometheus",
                dir,
                List.of(
                        promBin.toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + promPort));
        URI promUrl = URI.create("http://127.0.0.1:" + promPort);
        prometheus.awaitHttpOk(promUrl.resolve("/-/ready"), Duration.ofSeconds(30));
        prom = new PromQueryClient(
                PrometheusServerSource.of("it", promUrl, Credentials.none()).withTimeout(Duration.ofSeconds(10)));
        PeerProcess.await(
                () -> instant("up").size() == CASES.size(),
                Duration.ofSeconds(30),
                "Prometheus has not scraped every case");
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (prom != null) {
            prom.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static List<QueryData.InstantSample> instant(String promql) {
        try {
            return ((QueryData.Vector) prom.query(promql, Instant.now()).data()).samples();
        } catch (PromQueryException e) {
            throw new AssertionError(promql + ": " + e.getMessage(), e);
        }
    }

    /** What Prometheus stored for a job: {@code name{labels}} (job and instance left out) → value. */
    private static Map<String, Double> stored(String job) {
        Map<String, Double> out = new TreeMap<>();
        for (QueryData.InstantSample s : instant("{job=\"" + job + "\",__name__!~\"up|scrape_.*\"}")) {
            Map<String, String> labels = new TreeMap<>(s.metric());
            String name = labels.remove("__name__");
            labels.remove("job");
            labels.remove("instance");
            out.put(name + labels, s.value());
        }
        return out;
    }

    /** What Gridscope's scrape ingested, keyed as {@link #stored}, empty labels dropped as Prometheus drops them. */
    private static Map<String, Double> ingested(ScrapeResult r) {
        Map<String, Double> out = new TreeMap<>();
        for (ParsedSample s : r.samples()) {
            Map<String, String> labels = new TreeMap<>(s.labelMap());
            labels.values().removeIf(String::isEmpty);
            out.put(s.name() + labels, s.value());
        }
        return out;
    }

    @Test
    void gridscopeIngestsWhatPrometheusIngestsAndFailsWherePrometheusFails() throws Exception {
        for (String job : CASES.keySet()) {
            double up = instant("up{job=\"" + job + "\"}").getFirst().value();
            ScrapeResult ours = null;
            ScrapeException failure = null;
            try (Scraper scraper =
                    new Scraper(ScrapeTarget.builder(job, server.uri("/" + job)).build(), Clock.systemUTC())) {
                ours = scraper.scrape();
            } catch (ScrapeException e) {
                failure = e;
            }
            if (up == 0) {
                assertThat(failure)
                        .as("%s: Prometheus failed the scrape, so must Gridscope", job)
                        .isNotNull();
                assertThat(failure.kind()).as(job).isEqualTo(ScrapeException.Kind.INVALID_PAYLOAD);
            } else {
                assertThat(failure).as("%s: Prometheus ingested it", job).isNull();
                assertThat(ingested(ours)).as(job).isEqualTo(stored(job));
            }
        }
    }

    @Test
    void theObservedOutcomesStillHold() {
        // what Prometheus 2.42 was seen to do; a Prometheus that reads quoted names would change the first line
        for (String job : List.of(
                "t_quoted_name",
                "t_quoted_label",
                "u_quoted_name",
                "u_quoted_label",
                "o_quoted_name",
                "o_quoted_label",
                "o_newline")) {
            assertThat(instant("up{job=\"" + job + "\"}").getFirst().value())
                    .as(job)
                    .isZero();
        }
        for (String job : List.of("t_newline", "t_dup", "t_dup_order", "t_dup_empty", "t_dup_apart", "o_dup")) {
            assertThat(instant("up{job=\"" + job + "\"}").getFirst().value())
                    .as(job)
                    .isEqualTo(1.0);
        }
        assertThat(stored("t_newline")).containsEntry("nl_metric{a=x\ny}", 1.0);
        assertThat(stored("t_dup")).containsEntry("dup_metric{a=1}", 1.0);
        assertThat(stored("t_dup_order")).containsEntry("dup_metric{a=1, b=2}", 1.0);
    }
}
