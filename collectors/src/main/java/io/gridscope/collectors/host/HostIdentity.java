package io.gridscope.collectors.host;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local host's identity: its hostname (the {@code host} label on every local series) and, where the OS has
 * one, the machine id that keeps it stable when the hostname changes.
 */
public record HostIdentity(String hostname, Optional<String> machineId) {
    private static final Logger log = LoggerFactory.getLogger(HostIdentity.class);
    private static final int MAX_ID_BYTES = 256;

    public static HostIdentity detect() {
        return new HostIdentity(detectHostname(), readMachineId(Path.of("/etc/machine-id")));
    }

    static String detectHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip().toLowerCase(Locale.ROOT);
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            log.warn("cannot resolve the local hostname ({}); using 'localhost'", e.getMessage());
            return "localhost";
        }
    }

    static Optional<String> readMachineId(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ID_BYTES) {
                return Optional.empty();
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            log.debug("no machine id at {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
