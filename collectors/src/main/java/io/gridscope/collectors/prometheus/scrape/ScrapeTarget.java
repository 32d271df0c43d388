package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One exporter endpoint and how to scrape it. Immutable; built with {@link #builder(String, URI)}, which validates
 * and applies Prometheus-like defaults (15 s interval, 10 s timeout, 3 s connect timeout, 50 MiB body limit, no sample
 * limit). TLS certificates are verified unless {@link Builder#insecureSkipTlsVerify()} is called for this target.
 *
 * @param id              stable id, used as the {@code target} label of scrape self-metrics
 * @param url             the {@code /metrics} URL; user info in it is rejected (use {@link Credentials})
 * @param instance        the remote host's identity: {@code host:port} of the URL unless set
 * @param interval        time between scrapes when healthy
 * @param timeout         total time for one scrape: connect, headers and the whole body
 * @param connectTimeout  TCP/TLS connect limit
 * @param maxBodyBytes    largest accepted body after decompression
 * @param sampleLimit     most samples accepted; 0 for no limit
 * @param maxLineBytes    longest accepted exposition line
 * @param credentials     authentication; redacted in {@link #toString()}
 * @param caBundle        PEM file of extra trusted CA certificates, or empty for the JDK's trust store
 * @param insecureSkipTlsVerify true only when the user turned certificate checks off for this target
 */
public record ScrapeTarget(
        String id,
        URI url,
        String instance,
        Duration interval,
        Duration timeout,
        Duration connectTimeout,
        long maxBodyBytes,
        long sampleLimit,
        int maxLineBytes,
        Credentials credentials,
        Optional<Path> caBundle,
        boolean insecureSkipTlsVerify) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final long DEFAULT_MAX_BODY_BYTES = 50L * 1024 * 1024;

    public ScrapeTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(caBundle, "caBundle");
        HttpUrls.requireHttp(url, "scrape URL");
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " must not exceed the interval " + interval);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (sampleLimit < 0) {
            throw new IllegalArgumentException("sampleLimit must be >= 0");
        }
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes must be at least 64");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    public static Builder builder(String id, URI url) {
        return new Builder(id, url);
    }

    /** Safe to log: credentials are redacted. */
    @Override
    public String toString() {
        return "ScrapeTarget[id=" + id + ", url=" + url + ", instance=" + instance + ", interval=" + interval
                + ", timeout=" + timeout + ", credentials=" + credentials + ", caBundle=" + caBundle.orElse(null)
                + (insecureSkipTlsVerify ? ", TLS verification OFF" : "") + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final URI url;
        private String instance;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration timeout;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long sampleLimit;
        private int maxLineBytes = ExpositionParser.DEFAULT_MAX_LINE_BYTES;
        private Credentials credentials = Credentials.none();
        private Path caBundle;
        private boolean insecure;

        private Builder(String id, URI url) {
            this.id = id;
            this.url = url;
        }

        public Builder instance(String v) {
            instance = v;
            return this;
        }

        public Builder interval(Duration v) {
            interval = v;
            return this;
        }

        /** Total scrape time limit; defaults to the smaller of 10 s and the interval. */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder sampleLimit(long v) {
            sampleLimit = v;
            return this;
        }

        public Builder maxLineBytes(int v) {
            maxLineBytes = v;
            return this;
        }

        public Builder credentials(Credentials v) {
            credentials = v;
            return this;
        }

        public Builder caBundle(Path pemFile) {
            caBundle = pemFile;
            return this;
        }

        /** Turns certificate and host-name verification off for this target only. */
        public Builder insecureSkipTlsVerify() {
            insecure = true;
            return this;
        }

        public ScrapeTarget build() {
            Duration t = timeout != null
                    ? timeout
                    : (interval != null && interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT);
            String inst = instance != null ? instance : url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
            return new ScrapeTarget(
                    id,
                    url,
                    inst,
                    interval,
                    t,
                    connectTimeout,
                    maxBodyBytes,
                    sampleLimit,
                    maxLineBytes,
                    credentials,
                    Optional.ofNullable(caBundle),
                    insecure);
        }
    }
}
