package io.gridscope.collectors.prometheus.exporter;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Gridscope's own Prometheus endpoint ({@code /metrics}), served by the Prometheus Java client's HTTP server from a
 * {@link LatestValuesSink}, so a fleet Prometheus can scrape workstations. It negotiates OpenMetrics or Prometheus
 * text with the scraper, like any client_java exporter.
 *
 * <p>Lifecycle: {@link #start} does nothing when the config is disabled (the default); otherwise it binds at once
 * and throws {@link UncheckedIOException} when the address is taken. {@link #close} stops the server. Thread-safe.
 */
public final class GridscopeExporter implements AutoCloseable {
    private final HTTPServer server;
    private final ExporterConfig config;

    private GridscopeExporter(HTTPServer server, ExporterConfig config) {
        this.server = server;
        this.config = config;
    }

    /** Starts the endpoint if {@code config.enabled()}; empty otherwise. */
    public static Optional<GridscopeExporter> start(ExporterConfig config, LatestValuesSink values) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(values, "values");
        if (!config.enabled()) {
            return Optional.empty();
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new GridscopeMetricsCollector(values));
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(InetAddress.getByName(config.bindAddress()))
                    .port(config.port())
                    .registry(registry)
                    .buildAndStart();
            return Optional.of(new GridscopeExporter(server, config));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (useful when the config asked for 0). */
    public int port() {
        return server.getPort();
    }

    public ExporterConfig config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
    }
}
