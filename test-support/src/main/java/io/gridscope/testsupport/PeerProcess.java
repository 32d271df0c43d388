package io.gridscope.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
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
 * A real peer (Prometheus, node_exporter, Alertmanager) started for a test, its output in a log file beside it, and
 * stopped through its own process handle (its PID alone, never by name). A missing binary skips the test outside CI
 * and fails it under {@code CI=true} ({@link #requireBinary}).
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The binary, from {@code /usr/bin} or {@code PATH}; skips (outside CI) or fails (CI) when absent.
     *
     * @param installHint how to get it, shown in the message (e.g. {@code apt-get install -y prometheus})
     */
    public static Path requireBinary(String binary, String installHint) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin", binary));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, binary));
                }
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw Requirements.unavailable(binary + " not found (" + installHint + ")");
    }

    /** A loopback port nothing listens on at the moment of the call. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} in {@code dir}; standard output and error go to {@code <dir>/<name>.log} (appended, so a
     * peer restarted under the same name keeps one log).
     */
    public static PeerProcess start(String name, Path dir, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new PeerProcess(name, p, log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code url} answers 200, failing with the peer's log if it does not within {@code timeout}. */
    public void awaitHttpOk(URI url, Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
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
                    name + " did not answer " + url + "; its log:\n" + logTail());
        } finally {
            client.shutdownNow();
        }
    }

    /** Polls {@code condition} every 200 ms (real peers work in wall-clock time) until true or the timeout. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** The last 30 lines of the peer's log. */
    public String logTail() {
        return tail(log, 30);
    }

    /** The last {@code lines} lines of {@code file}, or why there are none. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the process to stop (SIGTERM), then kills it after 10 s; waits for it to end. */
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
