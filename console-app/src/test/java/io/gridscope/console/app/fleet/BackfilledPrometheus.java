package io.gridscope.console.app.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Prometheus (the Debian {@code prometheus} package) serving samples written as OpenMetrics: {@code promtool
 * tsdb create-blocks-from openmetrics} turns the text into blocks, then {@code prometheus} starts on a free
 * 127.0.0.1 port over them with no scrape target, and is stopped by its own process handle. A missing binary skips
 * the test outside CI and fails it under {@code CI=true} ({@link Requirements}).
 */
public final class BackfilledPrometheus implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI url;

    private BackfilledPrometheus(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
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
            fail("promtool exited with " + p.exitValue() + ":\n" + tail(importLog));
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process server = new ProcessBuilder(
                        prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=10y",
                        "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        BackfilledPrometheus b = new BackfilledPrometheus(server, log, URI.create("http://127.0.0.1:" + port));
        try {
            b.awaitReady(Duration.ofSeconds(60));
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

    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail("prometheus exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for prometheus");
            }
            if (System.nanoTime() > deadline) {
                fail("prometheus was not ready within " + timeout + ":\n" + tail(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    public static Path requireBinary(String binary) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin", binary));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(d, binary));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw Requirements.unavailable(binary + " not found (apt-get install -y prometheus)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
