package io.gridscope.collectors.prometheus.query;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.HttpUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A "Prometheus server" source: a PromQL-compatible engine that holds a fleet's history, which Gridscope queries
 * instead of copying. Immutable; {@link #toString()} redacts credentials.
 *
 * @param id                 stable id of the source
 * @param baseUrl            e.g. {@code http://prometheus:9090} or {@code https://mimir/prometheus}; API paths
 *                           ({@code /api/v1/...}) are appended to it
 * @param timeout            limit for a whole request, also sent as the server's {@code timeout}
 * @param maxResponseBytes   largest accepted response body
 * @param insecureSkipTlsVerify true only when the user turned verification off for this source
 */
public record PrometheusServerSource(
        String id,
        URI baseUrl,
        Credentials credentials,
        Optional<Path> caBundle,
        boolean insecureSkipTlsVerify,
        Duration connectTimeout,
        Duration timeout,
        long maxResponseBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    public PrometheusServerSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        HttpUrls.requireHttp(baseUrl, "Prometheus URL");
        if (timeout.isNegative() || timeout.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }

    /** A source with default timeouts and limits, verifying TLS with the JDK's trust store. */
    public static PrometheusServerSource of(String id, URI baseUrl, Credentials credentials) {
        return new PrometheusServerSource(
                id,
                baseUrl,
                credentials,
                Optional.empty(),
                false,
                Duration.ofSeconds(5),
                DEFAULT_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    public PrometheusServerSource withTimeout(Duration newTimeout) {
        return new PrometheusServerSource(
                id,
                baseUrl,
                credentials,
                caBundle,
                insecureSkipTlsVerify,
                connectTimeout,
                newTimeout,
                maxResponseBytes);
    }

    /** The base URL with an API path appended. */
    URI apiUri(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    @Override
    public String toString() {
        return "PrometheusServerSource[id=" + id + ", baseUrl=" + baseUrl + ", credentials=" + credentials
                + (insecureSkipTlsVerify ? ", TLS verification OFF" : "") + "]";
    }
}
