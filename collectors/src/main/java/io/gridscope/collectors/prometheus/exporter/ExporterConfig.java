package io.gridscope.collectors.prometheus.exporter;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of Gridscope's own {@code /metrics} endpoint. Off by default; when enabled it binds to the loopback
 * address unless the user names another one (exposing telemetry on the network is a deliberate choice).
 *
 * @param enabled     whether the endpoint runs at all
 * @param bindAddress host or IP to bind ({@code 127.0.0.1} by default)
 * @param port        TCP port ({@code 9464} by default; 0 picks a free port)
 * @param staleAfter  a series not refreshed for this long is no longer exported (absent, not frozen)
 */
public record ExporterConfig(boolean enabled, String bindAddress, int port, Duration staleAfter) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

    public ExporterConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
    }

    /** The default: not running. */
    public static ExporterConfig disabled() {
        return new ExporterConfig(false, DEFAULT_BIND_ADDRESS, DEFAULT_PORT, DEFAULT_STALE_AFTER);
    }

    /** Enabled on 127.0.0.1 and the given port. */
    public static ExporterConfig loopback(int port) {
        return new ExporterConfig(true, DEFAULT_BIND_ADDRESS, port, DEFAULT_STALE_AFTER);
    }
}
