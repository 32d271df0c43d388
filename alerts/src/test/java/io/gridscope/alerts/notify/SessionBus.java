package io.gridscope.alerts.notify;

import io.gridscope.testsupport.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code dbus-daemon} serving a private session bus on {@code <dir>/bus}, with a minimal configuration written
 * here (EXTERNAL authentication, everything allowed, no service directories, so nothing is activated on it). Stopped
 * by its PID on {@link #close()}.
 */
final class SessionBus implements AutoCloseable {
    static final List<Path> DAEMONS = List.of(Path.of("/usr/bin/dbus-daemon"), Path.of("/bin/dbus-daemon"));

    private final Process process;
    private final String address;
    private final Path socket;

    private SessionBus(Process process, String address, Path socket) {
        this.process = process;
        this.address = address;
        this.socket = socket;
    }

    /** The dbus-daemon binary; skips the test on a developer's machine without it, fails it under CI=true. */
    static Path daemon() {
        for (Path p : DAEMONS) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw Requirements.unavailable("dbus-daemon not found (apt-get install -y dbus-daemon)");
    }

    /** Starts a bus listening on {@code dir/bus} and waits for its address. */
    static SessionBus start(Path dir) throws IOException, InterruptedException {
        Path daemon = daemon();
        Path socket = dir.resolve("bus");
        Files.deleteIfExists(socket);
        Path config = dir.resolve("session.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        Path log = dir.resolve("dbus-daemon.log");
        Process process = new ProcessBuilder(
                        daemon.toString(), "--config-file=" + config, "--nofork", "--nopidfile", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String address;
        try {
            address = firstLine.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            address = null;
        }
        if (address == null || address.isBlank()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "dbus-daemon printed no address; its log: " + (Files.exists(log) ? Files.readString(log) : ""));
        }
        return new SessionBus(process, address.strip(), socket);
    }

    String address() {
        return address;
    }

    Path socket() {
        return socket;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
