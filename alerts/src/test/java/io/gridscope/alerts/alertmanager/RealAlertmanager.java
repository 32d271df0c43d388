package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.testsupport.PeerProcess;
import io.gridscope.testsupport.Requirements;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Alertmanager (the Debian {@code prometheus-alertmanager} package) on 127.0.0.1 and a free port, with its
 * storage in a test folder, one null receiver (or a webhook), no cluster port ({@code --cluster.listen-address=}), stopped by its
 * own process handle and restartable on the same port and storage. A missing binary skips the test outside CI and
 * fails it under {@code CI=true} ({@link Requirements}).
 */
final class RealAlertmanager implements AutoCloseable {
    static final String INSTALL = "apt-get install -y prometheus-alertmanager";

    private final Path binary;
    private final Path dir;
    private final int port;
    private PeerProcess process;

    private RealAlertmanager(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one in {@code dir} and waits until {@code /-/ready} answers. */
    static RealAlertmanager start(Path dir) throws IOException {
        return start(dir, """
                route:
                  receiver: "null"
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: "null"
                """);
    }

    /**
     * Starts one that notifies {@code webhook} (Alertmanager's webhook format, resolutions included), each alert in
     * a group of its own, at most a second after it arrives or changes.
     */
    static RealAlertmanager startWithWebhook(Path dir, URI webhook) throws IOException {
        return start(dir, """
                route:
                  receiver: "hook"
                  group_by: ["..."]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: "hook"
                    webhook_configs:
                      - url: "%s"
                        send_resolved: true
                """.formatted(webhook));
    }

    private static RealAlertmanager start(Path dir, String config) throws IOException {
        Path binary = PeerProcess.requireBinary("prometheus-alertmanager", INSTALL);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        RealAlertmanager am = new RealAlertmanager(binary, dir, PeerProcess.freePort());
        am.startProcess();
        return am;
    }

    private void startProcess() throws IOException {
        process = PeerProcess.start(
                "alertmanager",
                dir,
                List.of(
                        binary.toString(),
                        "--config.file=" + dir.resolve("alertmanager.yml"),
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address="));
        try {
            process.awaitHttpOk(url().resolve("/-/ready"), Duration.ofSeconds(30));
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Stops it (SIGTERM to its PID, as a service manager would); its storage stays. */
    void stop() {
        process.close();
        assertThat(process.isAlive()).isFalse();
    }

    /** Starts it again on the same port and storage. */
    void restart() throws IOException {
        startProcess();
    }

    String logTail() {
        return process.logTail();
    }

    /** {@code alertmanager_alerts_received_total{status="resolved",version="v2"}} since it started. */
    long resolvedAlertsReceived() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        try {
            String metrics = http.send(
                            HttpRequest.newBuilder(url().resolve("/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile(
                            "(?m)^alertmanager_alerts_received_total\\{(?=[^}]*status=\"resolved\")(?=[^}]*version=\"v2\")"
                                    + "[^}]*} (\\S+)$")
                    .matcher(metrics);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } finally {
            http.shutdownNow();
        }
    }

    /** Runs {@code amtool} against it; returns its output, failing the test on a non-zero exit. */
    String amtool(String... args) throws IOException, InterruptedException {
        Path amtool = PeerProcess.requireBinary("amtool", INSTALL);
        List<String> command = new java.util.ArrayList<>(List.of(amtool.toString(), "--alertmanager.url=" + url()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("amtool did not finish: " + out);
        }
        assertThat(p.exitValue())
                .as("amtool " + String.join(" ", args) + ": " + out)
                .isZero();
        return out.strip();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
