package io.gridscope.console.app.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.testsupport.PeerProcess;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian {@code prometheus} package) serving samples written as OpenMetrics: {@code promtool
 * tsdb create-blocks-from openmetrics} turns the text into blocks, then {@code prometheus} starts on a free
 * 127.0.0.1 port over them with no scrape target, and is stopped by its own process handle ({@link PeerProcess}). A
 * missing binary skips the test outside CI and fails it under {@code CI=true} ({@link Requirements}).
 */
public final class BackfilledPrometheus implements AutoCloseable {
    private final PeerProcess process;
    private final URI url;

    private BackfilledPrometheus(PeerProcess process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Loads {@code openMetrics} (a file in {@code dir}) and starts Prometheus over it; waits until it is ready. */
    public static BackfilledPrometheus start(Path dir, Path openMetrics) throws IOException, InterruptedException {
        Path promtool = requireBinary("promtool");
        Path prometheus = requireBinary("prometheus");
        Path data = dir.resolve("prometheus-data");
        Path importLog = dir.resolve("promtool.log");
        Process p = new ProcessBuilder(
                        promtool.toString(),
                        "tsdb",
                        "create-blocks-from",
                        "openmetrics",
                        "--max-block-duration=24h",
                        openMetrics.toString(),
                        data.toString())
                .redirectErrorStream(true)
                .redirectOutput(importLog.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("promtool did not finish loading " + openMetrics + " within 5 minutes");
        }
        if (p.exitValue() != 0) {
            fail("promtool exited with " + p.exitValue() + ":\n" + PeerProcess.tail(importLog, 30));
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        int port = PeerProcess.freePort();
        PeerProcess server = PeerProcess.start(
                "prometheus",
                dir,
                List.of(
                        prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=10y",
                        "--web.listen-address=127.0.0.1:" + port));
        BackfilledPrometheus b = new BackfilledPrometheus(server, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitHttpOk(b.url.resolve("/-/ready"), Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
        return b;
    }

    public URI url() {
        return url;
    }

    /** A query client for this server with default limits. */
    PromQueryClient client(String id) throws Exception {
        return new PromQueryClient(PrometheusServerSource.of(id, url, Credentials.none()));
    }

    public static Path requireBinary(String binary) {
        return PeerProcess.requireBinary(binary, "apt-get install -y prometheus");
    }

    @Override
    public void close() {
        process.close();
    }
}
