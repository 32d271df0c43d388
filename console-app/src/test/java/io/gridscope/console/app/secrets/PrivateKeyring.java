package io.gridscope.console.app.secrets;

import io.gridscope.testsupport.PeerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real session bus ({@code dbus-daemon} with a minimal configuration: EXTERNAL authentication, everything allowed,
 * no service directories) and, on request, a real GNOME Keyring ({@code gnome-keyring-daemon --components=secrets
 * --unlock}) serving {@code org.freedesktop.secrets} on it, with its own HOME and XDG directories under {@code dir}
 * and its login keyring created and unlocked with {@link #PASSWORD}. Both stopped by their PIDs on {@link #close()}.
 * A missing binary skips the test outside CI and fails it under {@code CI=true}.
 */
final class PrivateKeyring implements AutoCloseable {
    static final String PASSWORD = "keyring-password-for-tests";

    private final Process bus;
    private final String address;
    private final Path dir;
    private Process keyring;

    private PrivateKeyring(Process bus, String address, Path dir) {
        this.bus = bus;
        this.address = address;
        this.dir = dir;
    }

    /** A bus with nothing on it. */
    static PrivateKeyring busOnly(Path dir) throws IOException, InterruptedException {
        Path daemon = PeerProcess.requireBinary("dbus-daemon", "apt-get install -y dbus-daemon");
        Path socket = dir.resolve("bus");
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
        Process p = new ProcessBuilder(
                        daemon.toString(), "--config-file=" + config, "--nofork", "--nopidfile", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String address;
        try {
            address = first.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            address = null;
        }
        if (address == null || address.isBlank()) {
            stop(p);
            throw new IllegalStateException("dbus-daemon printed no address; its log: " + PeerProcess.tail(log, 30));
        }
        return new PrivateKeyring(p, address.strip(), dir);
    }

    /** A bus with a GNOME Keyring on it whose login keyring is unlocked; waits until it answers. */
    static PrivateKeyring start(Path dir) throws Exception {
        Path gnomeKeyring = PeerProcess.requireBinary("gnome-keyring-daemon", "apt-get install -y gnome-keyring");
        PrivateKeyring k = busOnly(dir);
        try {
            Path home = dir.resolve("home");
            Path runtime = dir.resolve("runtime");
            Files.createDirectories(home);
            Files.createDirectories(runtime);
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
            ProcessBuilder pb = new ProcessBuilder(
                            gnomeKeyring.toString(), "--foreground", "--components=secrets", "--unlock")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("gnome-keyring.log").toFile()));
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", home.toString());
            env.put("XDG_RUNTIME_DIR", runtime.toString());
            env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
            env.put("DBUS_SESSION_BUS_ADDRESS", k.address);
            k.keyring = pb.start();
            try (OutputStream in = k.keyring.getOutputStream()) {
                in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
            }
            SecretServiceStore store = k.store(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    store.probe();
                    return k;
                } catch (SecretStoreException e) {
                    if (System.nanoTime() > deadline || !k.keyring.isAlive()) {
                        throw new IllegalStateException("GNOME Keyring did not answer: " + e.getMessage()
                                + "; its log:\n" + PeerProcess.tail(dir.resolve("gnome-keyring.log"), 30));
                    }
                    Thread.sleep(200);
                }
            }
        } catch (Exception | Error e) {
            k.close();
            throw e;
        }
    }

    String address() {
        return address;
    }

    /** A store on this bus whose prompts wait {@code promptTimeout}. */
    SecretServiceStore store(Duration promptTimeout) {
        return new SecretServiceStore(address, Duration.ofSeconds(10), promptTimeout);
    }

    List<Long> pids() {
        return keyring == null ? List.of(bus.pid()) : List.of(bus.pid(), keyring.pid());
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        if (keyring != null) {
            stop(keyring);
        }
        stop(bus);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
