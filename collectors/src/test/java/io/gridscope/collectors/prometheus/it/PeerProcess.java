package io.gridscope.collectors.prometheus.it;

import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.function.BooleanSupplier;

/**
 * A real peer (Prometheus, node_exporter) started on 127.0.0.1 for a test and stopped by its own handle. A missing
 * binary skips the test outside CI and fails it with {@code CI=true}.
 */
final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The binary, from {@code /usr/bin} or {@code PATH}; skips (outside CI) or fails (CI) when absent. */
    static Path requireBinary(String binary) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin", binary));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(dir, binary));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = binary + " not found (apt-get install -y prometheus prometheus-node-exporter)";
        throw Requirements.unavailable(message);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static PeerProcess start(String name, Path dir, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PeerProcess(name, p, log);
    }

    /** Waits until {@code url} answers 200, failing with the peer's log if it does not within {@code timeout}. */
    void awaitHttpOk(URI url, Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await(
                () -> {
                    if (!process.isAlive()) {
                        fail(name + " exited with " + process.exitValue() + ":\n" + logTail());
                    }
                    try {
                        HttpRequest req = HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(2))
                                .build();
                        return client.send(req, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                timeout,
                name + " did not answer " + url);
    }

    /** Polls {@code condition} every 200 ms (real peers work in wall-clock time) until true or the timeout. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
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
